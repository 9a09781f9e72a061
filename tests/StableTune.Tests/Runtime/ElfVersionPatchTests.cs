using System.Buffers.Binary;
using StableTune.Runtime;
using StableTune.Tests.Data;
using TorchSharp;

namespace StableTune.Tests.Runtime;

/// <summary>The libstdc++ fix, checked on TorchSharp's real <c>libLibTorchSharp.so</c>.</summary>
public class ElfVersionPatchTests
{
    static byte[] RealLibrary()
    {
        var path = NativeSearch.Find("libLibTorchSharp.so", typeof(torch).Assembly, "torchsharp");
        Assert.True(path is not null, "libLibTorchSharp.so not found beside the tests or in the NuGet cache; restore the TorchSharp package.");
        return File.ReadAllBytes(path!);
    }

    [Fact]
    public void ReadNeeds_finds_the_libstdcxx_version_bound_only_to_the_marker()
    {
        var elf = RealLibrary();
        var need = Assert.Single(ElfVersionPatch.ReadNeeds(elf), n => n.Name == TorchNative.MissingVersion);
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.False(need.Weak);
        Assert.Equal(TorchNative.MarkerSymbols, ElfVersionPatch.UndefinedSymbolsOfVersion(elf, need.Index));
        Assert.Contains(ElfVersionPatch.ReadNeeds(elf), n => n.Name == "GLIBC_2.2.5"); // other needs are read too
    }

    [Fact]
    public void MarkWeak_sets_the_weak_flag_and_changes_nothing_else()
    {
        var original = RealLibrary();
        var patched = (byte[])original.Clone();
        Assert.True(ElfVersionPatch.MarkWeak(patched, TorchNative.MissingVersion, TorchNative.MarkerSymbols));

        var need = ElfVersionPatch.ReadNeeds(original).Single(n => n.Name == TorchNative.MissingVersion);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.NotEmpty(changed);
        Assert.All(changed, i => Assert.InRange(i, need.FlagsOffset, need.FlagsOffset + 1));
        ushort before = BinaryPrimitives.ReadUInt16LittleEndian(original.AsSpan((int)need.FlagsOffset));
        ushort after = BinaryPrimitives.ReadUInt16LittleEndian(patched.AsSpan((int)need.FlagsOffset));
        Assert.Equal(before | 0x2, after);

        var needsAfter = ElfVersionPatch.ReadNeeds(patched);
        Assert.True(needsAfter.Single(n => n.Name == TorchNative.MissingVersion).Weak);
        Assert.Equal(ElfVersionPatch.ReadNeeds(original).Where(n => n.Name != TorchNative.MissingVersion),
            needsAfter.Where(n => n.Name != TorchNative.MissingVersion));
        Assert.False(ElfVersionPatch.MarkWeak(patched, "GLIBCXX_9.9.9", TorchNative.MarkerSymbols)); // not needed: nothing to do
    }

    [Fact]
    public void MarkWeak_refuses_when_another_symbol_needs_the_version()
    {
        var elf = RealLibrary();
        var need = ElfVersionPatch.ReadNeeds(elf).Single(n => n.Name == TorchNative.MissingVersion);
        // Bind a real libstdc++ function to GLIBCXX_3.4.32, as a library that truly needs the newer libstdc++ would.
        var victim = ElfVersionPatch.UndefinedSymbolVersions(elf).First(s => s.Name.StartsWith("_ZNSt", StringComparison.Ordinal) && s.VersionIndex != need.Index);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan((int)victim.VersionEntryOffset), need.Index);
        var copy = (byte[])elf.Clone();

        var e = Assert.Throws<NotSupportedException>(() => ElfVersionPatch.MarkWeak(elf, TorchNative.MissingVersion, TorchNative.MarkerSymbols));
        Assert.Contains(victim.Name, e.Message);
        Assert.Contains(TorchNative.MissingVersion, e.Message);
        Assert.Equal(copy, elf); // refused: not a byte changed
    }

    [Fact]
    public void A_file_that_is_not_elf_gives_a_clear_error_naming_it()
    {
        using var temp = new TempFolder();
        var path = temp.Text("libLibTorchSharp.so", "this is a text file, not a shared library");
        var e = Assert.Throws<InvalidDataException>(() => TorchNative.PatchedCopy(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("Not an ELF file", e.Message);
        Assert.Throws<InvalidDataException>(() => ElfVersionPatch.ReadNeeds(RealLibrary().AsSpan(0, 4096)));
    }
}
