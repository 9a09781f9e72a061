using SixLabors.ImageSharp.PixelFormats;
using StableTune.Data;

namespace StableTune.Tests.Data;

public class ImageFolderTests
{
    /// <summary>Three classes of 4x3 grey images: "0_zero" (2 files), "1_one" (3 files), "2_two" (1 file).</summary>
    static TempFolder ThreeClasses()
    {
        var temp = new TempFolder();
        temp.Grey("images/0_zero/a.png", 4, 3, 0);
        temp.Grey("images/0_zero/b.png", 4, 3, 100);
        temp.Grey("images/1_one/a.png", 4, 3, 10);
        temp.Grey("images/1_one/b.png", 4, 3, 20);
        temp.Grey("images/1_one/c.png", 4, 3, 30);
        temp.Grey("images/2_two/a.png", 4, 3, 200);
        return temp;
    }

    static ImageFolderOptions NoCache => new() { Cache = false };

    [Fact]
    public void Loads_classes_in_folder_order_with_pixels_scaled_to_unit_range()
    {
        using var temp = ThreeClasses();
        temp.Text("images/1_one/.DS_Store", "hidden files are ignored");
        using var data = ImageFolder.Load(temp.PathOf("images"), NoCache);
        Assert.Equal([6L, 1, 3, 4], data.Features.shape);
        Assert.Equal(TorchSharp.torch.ScalarType.Float32, data.Features.dtype);
        Assert.Equal([0L, 0, 1, 1, 1, 2], data.LabelArray());
        Assert.Equal(["0_zero", "1_one", "2_two"], data.ClassNames);
        // Image b of class 0: pixel (x=2, y=1) = 100 + 2 + 1 * 4.
        Assert.Equal(106 / 255f, data.Features[1, 0, 1, 2].item<float>(), 6);
        Assert.Equal(200 / 255f, data.Features[5, 0, 0, 0].item<float>(), 6);
    }

    [Fact]
    public void Class_subset_is_relabelled_in_the_given_order_and_display_names_strip_the_number()
    {
        using var temp = ThreeClasses();
        var options = NoCache with { Classes = ["2_two", "zero"], DisplayNames = true };
        using var data = ImageFolder.Load(temp.PathOf("images"), options);
        Assert.Equal(["two", "zero"], data.ClassNames);
        Assert.Equal([0L, 1, 1], data.LabelArray());
        using var byNumber = ImageFolder.Load(temp.PathOf("images"), NoCache with { Classes = ["1", "2"] });
        Assert.Equal(["1_one", "2_two"], byNumber.ClassNames);
        Assert.Equal([0L, 0, 0, 1], byNumber.LabelArray());
        Assert.Equal(200 / 255f, data.Features[0, 0, 0, 0].item<float>(), 6);
        var e = Assert.Throws<ArgumentException>(() => ImageFolder.Load(temp.PathOf("images"), NoCache with { Classes = ["3_three"] }));
        Assert.Contains("3_three", e.Message);
        Assert.Contains("0_zero, 1_one, 2_two", e.Message);
    }

    [Fact]
    public void MaxPerClass_takes_the_first_files_in_name_order()
    {
        using var temp = ThreeClasses();
        using var data = ImageFolder.Load(temp.PathOf("images"), NoCache with { MaxPerClass = 2 });
        Assert.Equal([0L, 0, 1, 1, 2], data.LabelArray());
        Assert.Equal(20 / 255f, data.Features[3, 0, 0, 0].item<float>(), 6); // 1_one/b.png, not c.png
        Assert.Equal(temp.PathOf("images") + " [first 2 per class]", data.Source);
    }

    [Fact]
    public void Rgb_images_become_three_channel_planes()
    {
        using var temp = new TempFolder();
        temp.Rgb("rgb/red/a.png", 2, 2, new Rgb24(255, 0, 51));
        temp.Rgb("rgb/green/a.png", 2, 2, new Rgb24(0, 255, 0));
        using var data = ImageFolder.Load(temp.PathOf("rgb"), NoCache with { Grayscale = false });
        Assert.Equal([2L, 3, 2, 2], data.Features.shape);
        Assert.Equal(["green", "red"], data.ClassNames);
        Assert.Equal(new[] { 1f, 0f, 0.2f }, data.Features[1, .., 1, 1].data<float>().ToArray());
    }

    [Fact]
    public void The_cache_is_used_on_the_second_load_and_invalidated_when_a_file_changes()
    {
        using var temp = ThreeClasses();
        var options = new ImageFolderOptions { CacheDirectory = temp.PathOf("cache") };
        using (var cold = ImageFolder.Load(temp.PathOf("images"), options))
            Assert.Equal(0f, cold.Features[0, 0, 0, 0].item<float>());
        var cacheFile = Assert.Single(Directory.GetFiles(temp.PathOf("cache")));

        // Overwrite the first cached pixel: a warm load must return it, proving that it read the cache.
        var bytes = File.ReadAllBytes(cacheFile);
        bytes[^(6 * 12)] = 255;
        File.WriteAllBytes(cacheFile, bytes);
        using (var warm = ImageFolder.Load(temp.PathOf("images"), options))
            Assert.Equal(1f, warm.Features[0, 0, 0, 0].item<float>());

        // Changing an image (new content and modification time) must give a new cache entry with the new pixels.
        var changed = temp.Grey("images/0_zero/a.png", 4, 3, 50);
        File.SetLastWriteTimeUtc(changed, DateTime.UtcNow.AddMinutes(1));
        using (var fresh = ImageFolder.Load(temp.PathOf("images"), options))
            Assert.Equal(50 / 255f, fresh.Features[0, 0, 0, 0].item<float>(), 6);
        Assert.Equal(2, Directory.GetFiles(temp.PathOf("cache")).Length);
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<DirectoryNotFoundException>(() => ImageFolder.Load(temp.PathOf("nowhere")));
        Assert.Contains(temp.PathOf("nowhere"), e.Message);
    }

    [Fact]
    public void A_folder_without_class_folders_says_how_to_lay_out_the_images()
    {
        using var temp = new TempFolder();
        temp.Grey("flat/a.png", 2, 2, 0);
        var e = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(temp.PathOf("flat"), NoCache));
        Assert.Contains(temp.PathOf("flat"), e.Message);
        Assert.Contains("subfolder", e.Message);
    }

    [Fact]
    public void An_empty_class_folder_is_named()
    {
        using var temp = ThreeClasses();
        Directory.CreateDirectory(temp.PathOf("images", "3_empty"));
        var e = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(temp.PathOf("images"), NoCache));
        Assert.Contains(temp.PathOf("images", "3_empty"), e.Message);
        Assert.Contains("no PNG images", e.Message);
    }

    [Fact]
    public void A_corrupt_png_is_named()
    {
        using var temp = ThreeClasses();
        var bad = temp.Text("images/1_one/broken.png", "this is not an image");
        var e = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(temp.PathOf("images"), NoCache));
        Assert.Contains(bad, e.Message);
        Assert.Contains("not a readable PNG", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_png_is_named()
    {
        using var temp = ThreeClasses();
        var bad = temp.Text("images/2_two/notes.txt", "hello");
        var e = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(temp.PathOf("images"), NoCache));
        Assert.Contains(bad, e.Message);
        Assert.Contains("only PNG", e.Message);
    }

    [Fact]
    public void Mixed_image_sizes_name_the_odd_file_and_both_sizes()
    {
        using var temp = ThreeClasses();
        var odd = temp.Grey("images/1_one/d.png", 5, 3, 0);
        var e = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(temp.PathOf("images"), NoCache));
        Assert.Contains(odd, e.Message);
        Assert.Contains("5x3", e.Message);
        Assert.Contains("4x3", e.Message);
    }
}
