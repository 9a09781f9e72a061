namespace StableTune.Data;

/// <summary>
/// The course's datasets, found in the kit's <c>data/</c> folder: Fashion-MNIST (PNG subset), scikit-learn's 8x8
/// digits (as PNG images), and the Iris, Wine and Breast Cancer tables. The folder is <c>$STABLETUNE_DATA</c> when set,
/// else the first <c>data/</c> folder holding <c>fashion-mnist/</c> found walking up from the current directory or from
/// the kit's assembly.
/// </summary>
public static class Datasets
{
    /// <summary>Environment variable naming the data folder (the one that contains <c>fashion-mnist/</c>).</summary>
    public const string DataVariable = "STABLETUNE_DATA";

    /// <summary>The data folder (throws with instructions when it cannot be found).</summary>
    public static string DataRoot => FindDataRoot(Environment.GetEnvironmentVariable(DataVariable), Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

    /// <summary>Fashion-MNIST 28x28 grey images, 10 classes; <paramref name="split"/> is "train" (500 per class) or "test" (100 per class).</summary>
    public static TensorData FashionMnist(string split = "train", ImageFolderOptions? options = null)
    {
        if (split is not ("train" or "test"))
            throw new ArgumentException($"Fashion-MNIST split '{split}' does not exist; use \"train\" or \"test\".", nameof(split));
        return ImageFolder.Load(Path.Combine(DataRoot, "fashion-mnist", split), options);
    }

    /// <summary>scikit-learn's handwritten digits: 1797 grey 8x8 images, 10 classes.</summary>
    public static TensorData Digits(ImageFolderOptions? options = null) =>
        ImageFolder.Load(Path.Combine(DataRoot, "digits8x8"), options);

    /// <summary>Fisher's Iris: 150 flowers, 4 features, 3 classes.</summary>
    public static TensorData Iris() => Table("iris.csv", ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]);

    /// <summary>Wine recognition: 178 wines, 13 chemical features, 3 cultivars.</summary>
    public static TensorData Wine() => Table("wine_data.csv",
    [
        "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
        "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines", "proline",
    ]);

    /// <summary>Breast Cancer Wisconsin (diagnostic): 569 tumours, 30 features, malignant/benign.</summary>
    public static TensorData BreastCancer()
    {
        string[] measures = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave points", "symmetry", "fractal dimension"];
        var names = measures.Select(m => $"mean {m}").Concat(measures.Select(m => $"{m} error")).Concat(measures.Select(m => $"worst {m}")).ToList();
        return Table("breast_cancer.csv", names);
    }

    static TensorData Table(string file, IReadOnlyList<string> featureNames) =>
        CsvTable.Load(Path.Combine(DataRoot, "tabular", file), new CsvTableOptions { Header = CsvHeader.SampleCounts, FeatureNames = featureNames });

    /// <summary>Resolves the data folder from the variable's value or by walking up from the start folders.</summary>
    internal static string FindDataRoot(string? variable, params string[] starts)
    {
        if (!string.IsNullOrWhiteSpace(variable))
        {
            var full = Path.GetFullPath(variable);
            if (IsDataFolder(full)) return full;
            if (IsDataFolder(Path.Combine(full, "data"))) return Path.Combine(full, "data");
            throw new DirectoryNotFoundException($"{DataVariable} is '{variable}', but that folder contains no 'fashion-mnist' folder. Point {DataVariable} at the kit's data folder.");
        }
        foreach (var start in starts)
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (IsDataFolder(Path.Combine(dir.FullName, "data"))) return Path.Combine(dir.FullName, "data");
        throw new DirectoryNotFoundException(
            $"The course data folder was not found above {string.Join(" or ", starts)}. Run from inside the kit's checkout, or set {DataVariable} to its data folder.");
    }

    static bool IsDataFolder(string path) => Directory.Exists(Path.Combine(path, "fashion-mnist"));
}
