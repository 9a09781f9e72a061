using StableTune.Data;

namespace StableTune.Tests.Data;

public class DatasetsTests
{
    [Fact]
    public void The_course_tables_have_their_known_shapes_and_class_names()
    {
        using var iris = Datasets.Iris();
        Assert.Equal([150L, 4], iris.Features.shape);
        Assert.Equal(["setosa", "versicolor", "virginica"], iris.ClassNames);
        Assert.Equal([50L, 50, 50], iris.LabelArray().GroupBy(l => l).OrderBy(g => g.Key).Select(g => (long)g.Count()));
        Assert.Equal("petal width (cm)", iris.FeatureNames![3]);
        using var wine = Datasets.Wine();
        Assert.Equal([178L, 13], wine.Features.shape);
        Assert.Equal(3, wine.ClassNames.Count);
        using var cancer = Datasets.BreastCancer();
        Assert.Equal([569L, 30], cancer.Features.shape);
        Assert.Equal(["malignant", "benign"], cancer.ClassNames);
        Assert.Equal("worst fractal dimension", cancer.FeatureNames![29]);
    }

    [Fact]
    public void Fashion_mnist_test_split_and_digits_load_as_images()
    {
        using var temp = new TempFolder();
        var options = new ImageFolderOptions { CacheDirectory = temp.Root };
        using var fashion = Datasets.FashionMnist("test", options);
        Assert.Equal([1000L, 1, 28, 28], fashion.Features.shape);
        Assert.Equal("0_t-shirt_top", fashion.ClassNames[0]);
        Assert.Equal(Enumerable.Repeat(100L, 10), fashion.LabelArray().GroupBy(l => l).Select(g => (long)g.Count()));
        Assert.InRange(fashion.Features.max().item<float>(), 0.99f, 1f);
        using var digits = Datasets.Digits(options);
        Assert.Equal([1797L, 1, 8, 8], digits.Features.shape);
        Assert.Throws<ArgumentException>(() => Datasets.FashionMnist("validation"));
    }

    [Fact]
    public void The_data_root_is_found_by_walking_up_or_from_the_variable()
    {
        var root = Datasets.DataRoot;
        Assert.True(Directory.Exists(Path.Combine(root, "fashion-mnist")));
        var nested = Path.Combine(root, "fashion-mnist", "train", "0_t-shirt_top");
        Assert.Equal(root, Datasets.FindDataRoot(null, nested));
        Assert.Equal(root, Datasets.FindDataRoot(Path.GetDirectoryName(root), "/"));
        using var temp = new TempFolder();
        var e = Assert.Throws<DirectoryNotFoundException>(() => Datasets.FindDataRoot(temp.Root, "/"));
        Assert.Contains(Datasets.DataVariable, e.Message);
        Assert.Contains(temp.Root, e.Message);
        Assert.Throws<DirectoryNotFoundException>(() => Datasets.FindDataRoot(null, temp.Root));
    }
}
