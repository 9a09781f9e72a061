using StableTune.Data;

namespace StableTune.Tests.Data;

public class CsvTableTests
{
    [Fact]
    public void Reads_the_scikit_learn_format_with_class_names_from_the_first_line()
    {
        using var temp = new TempFolder();
        var path = temp.Text("iris.csv", "3,2,setosa,versicolor\n5.1,3.5,0\n4.9,3.0,1\r\n6.2,2.5,1\n");
        using var data = CsvTable.Load(path);
        Assert.Equal([3L, 2], data.Features.shape);
        Assert.Equal(new[] { 5.1f, 3.5f, 4.9f, 3.0f, 6.2f, 2.5f }, data.Features.data<float>().ToArray());
        Assert.Equal([0L, 1, 1], data.LabelArray());
        Assert.Equal(["setosa", "versicolor"], data.ClassNames);
        Assert.Equal(["x0", "x1"], data.FeatureNames);
    }

    [Fact]
    public void Reads_an_ordinary_header_with_a_named_text_label_column()
    {
        using var temp = new TempFolder();
        var path = temp.Text("t.csv", "species,width,height\nowl,1,2\ncat,3,4\nowl,5,6\n");
        using var data = CsvTable.Load(path, new CsvTableOptions { LabelColumn = "species" });
        Assert.Equal(["width", "height"], data.FeatureNames);
        Assert.Equal(["cat", "owl"], data.ClassNames);
        Assert.Equal([1L, 0, 1], data.LabelArray());
        Assert.Equal(new[] { 1f, 2, 3, 4, 5, 6 }, data.Features.data<float>().ToArray());
        var frame = CsvTable.ReadFrame(path, new CsvTableOptions { LabelColumn = "species" });
        Assert.Equal(3, frame.Rows.Count);
        Assert.Equal("owl", frame["species"][2]);
        Assert.Equal(5.0, frame["width"][2]);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<FileNotFoundException>(() => CsvTable.Load(temp.PathOf("none.csv")));
        Assert.Contains(temp.PathOf("none.csv"), e.Message);
    }

    [Fact]
    public void A_missing_label_column_lists_the_available_columns()
    {
        using var temp = new TempFolder();
        var path = temp.Text("t.csv", "a,b,c\n1,2,0\n");
        var e = Assert.Throws<ArgumentException>(() => CsvTable.Load(path, new CsvTableOptions { LabelColumn = "target" }));
        Assert.Contains("'target'", e.Message);
        Assert.Contains("a, b, c", e.Message);
    }

    [Theory]
    [InlineData("a,b,label\n1,2,0\n3,,1\n", "data row 2 (line 3), column 'b'", "empty")]
    [InlineData("a,b,label\n1,2,0\nNaN,4,1\n", "data row 2 (line 3), column 'a'", "NaN")]
    [InlineData("a,b,label\n1,two,0\n3,4,1\n", "data row 1 (line 2), column 'b'", "not a number")]
    [InlineData("2,2,x,y\n1,2,0\n3,4,7\n", "data row 2 (line 3), column 'label'", "0..1")]
    [InlineData("a,b,label\n1,2,0\n\n3,x,1\n", "data row 2 (line 4), column 'b'", "not a number")] // blank lines keep line numbers right
    [InlineData("a,b,label\n1,2,0\n3,4\n", "line 3 has 2 columns", "line 1 has 3")]
    [InlineData("a,b,label\n1,2,0\n3,4,1,9\n", "line 3 has 4 columns", "same columns")]
    [InlineData("a,b,label\n", "no data rows", "no data rows")]
    public void Bad_cells_are_reported_with_row_line_and_column(string content, string where, string what)
    {
        using var temp = new TempFolder();
        var path = temp.Text("bad.csv", content);
        var e = Assert.Throws<InvalidDataException>(() => CsvTable.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(where, e.Message);
        Assert.Contains(what, e.Message);
    }

    [Fact]
    public void A_wrong_sample_count_in_the_first_line_is_reported()
    {
        using var temp = new TempFolder();
        var path = temp.Text("short.csv", "3,2,a,b\n1,2,0\n3,4,1\n");
        var e = Assert.Throws<InvalidDataException>(() => CsvTable.Load(path));
        Assert.Contains("3 samples", e.Message);
        Assert.Contains("2 data rows", e.Message);
    }
}
