using Plotly.NET;
using Plotly.NET.CSharp;
using StableTune.Data;
using Chart = Plotly.NET.CSharp.Chart;

namespace StableTune.Plots;

/// <summary>Example images of a dataset, one row per class: a first look at the data before any training.</summary>
public static class ImageGrid
{
    /// <summary>
    /// The first <paramref name="perClass"/> images of every class (in dataset order), as one greyscale heatmap: row k
    /// holds class k (the title lists the classes top to bottom). Shows channel 0 of <c>[N, C, H, W]</c> features.
    /// </summary>
    /// <exception cref="ArgumentException">The data are not images, or <paramref name="perClass"/> is not positive.</exception>
    public static GenericChart Show(TensorData data, int perClass = 8, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ExampleShape.Length != 3)
            throw new ArgumentException($"{data.Source}: an image grid needs image features [N, C, H, W], got examples of shape [{string.Join(", ", data.ExampleShape)}].", nameof(data));
        if (perClass < 1) throw new ArgumentOutOfRangeException(nameof(perClass), perClass, "Show at least one image per class.");

        var (height, width) = ((int)data.ExampleShape[1], (int)data.ExampleShape[2]);
        var labels = data.LabelArray();
        var classes = data.ClassNames.Count;
        // [classes * (H + 1), perClass * (W + 1)] canvas; NaN gaps separate the images.
        var canvas = new double[classes * (height + 1), perClass * (width + 1)];
        for (var r = 0; r < canvas.GetLength(0); r++)
            for (var c = 0; c < canvas.GetLength(1); c++) canvas[r, c] = double.NaN;
        for (var k = 0; k < classes; k++)
        {
            var indices = Enumerable.Range(0, labels.Length).Where(i => labels[i] == k).Take(perClass).ToArray();
            for (var j = 0; j < indices.Length; j++)
            {
                var pixels = data.Features[indices[j], 0].cpu().data<float>().ToArray(); // [H * W], row-major
                for (var y = 0; y < height; y++)
                    for (var x = 0; x < width; x++)
                        canvas[k * (height + 1) + y, j * (width + 1) + x] = pixels[y * width + x];
            }
        }
        var rows = Enumerable.Range(0, canvas.GetLength(0))
            .Select(r => Enumerable.Range(0, canvas.GetLength(1)).Select(c => canvas[r, c]).ToArray()).ToArray();
        var order = string.Join("<br>", data.ClassNames.Select((name, k) => $"{k} {name}").Chunk(5).Select(line => string.Join(", ", line)));
        var chart = Chart.Heatmap<double, int, int, string>(
                zData: rows, ColorScale: StyleParam.Colorscale.Greys, ReverseScale: true, ShowScale: false, ReverseYAxis: true)
            .WithSize(Width: Math.Max(400, perClass * (width + 1) * 4 + 120), Height: Math.Max(300, classes * (height + 1) * 4 + 160));
        // Plotly.NET's layout functions are curried F# functions: apply the returned function to the chart.
        return Plotly.NET.Chart.withTitle(title ?? $"{perClass} examples per class; rows top to bottom:<br>{order}", null).Invoke(chart);
    }
}
