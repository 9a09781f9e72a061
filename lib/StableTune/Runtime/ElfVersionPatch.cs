using System.Buffers.Binary;
using System.Text;

namespace StableTune.Runtime;

/// <summary>
/// Reads and edits the symbol-version requirements (<c>.gnu.version_r</c>) of a 64-bit little-endian ELF shared
/// library. Used for one narrow repair: marking a libstdc++ version requirement <em>weak</em> when the only symbol
/// bound to it is a marker that is never called (see environment.md, "The libstdc++ fix").
/// </summary>
public static class ElfVersionPatch
{
    const uint ShtDynsym = 11;
    const uint ShtNobits = 8;
    const uint ShtGnuVerneed = 0x6ffffffe;
    const uint ShtGnuVersym = 0x6fffffff;
    const ushort VerFlgWeak = 0x2;
    const ushort SectionUndefined = 0;

    /// <summary>One version a library needs from another: <c>GLIBCXX_3.4.32</c> from <c>libstdc++.so.6</c>.</summary>
    /// <param name="File">The library the version comes from.</param>
    /// <param name="Name">The version's name.</param>
    /// <param name="Index">The version index that symbols refer to in <c>.gnu.version</c>.</param>
    /// <param name="Weak">Whether the requirement is weak (a missing version is then not fatal).</param>
    /// <param name="FlagsOffset">File offset of the <c>vna_flags</c> field.</param>
    public sealed record VersionNeed(string File, string Name, ushort Index, bool Weak, long FlagsOffset);

    /// <summary>Lists every version requirement of the ELF image.</summary>
    public static IReadOnlyList<VersionNeed> ReadNeeds(ReadOnlySpan<byte> elf)
    {
        var image = new Image(elf);
        var section = image.Section(ShtGnuVerneed) ?? throw new InvalidDataException("The ELF file has no .gnu.version_r section.");
        var strings = image.SectionAt(section.Link);
        var needs = new List<VersionNeed>();
        long entry = section.Offset;
        for (int i = 0; i < section.Info; i++)
        {
            // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32
            ushort count = image.U16(entry + 2);
            string file = image.CString(strings.Offset + image.U32(entry + 4));
            long aux = entry + image.U32(entry + 8);
            for (int j = 0; j < count; j++)
            {
                // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32
                ushort flags = image.U16(aux + 4);
                ushort index = image.U16(aux + 6);
                string name = image.CString(strings.Offset + image.U32(aux + 8));
                needs.Add(new VersionNeed(file, name, index, (flags & VerFlgWeak) != 0, aux + 4));
                aux += image.U32(aux + 12);
            }
            uint next = image.U32(entry + 12);
            if (next == 0) break;
            entry += next;
        }
        return needs;
    }

    /// <summary>Names of the undefined dynamic symbols bound to the given version index.</summary>
    public static IReadOnlyList<string> UndefinedSymbolsOfVersion(ReadOnlySpan<byte> elf, ushort versionIndex) =>
        UndefinedSymbolVersions(elf).Where(s => s.VersionIndex == versionIndex).Select(s => s.Name).ToList();

    /// <summary>An undefined dynamic symbol, its version index and the file offset of its <c>.gnu.version</c> entry.</summary>
    internal sealed record SymbolVersion(string Name, ushort VersionIndex, long VersionEntryOffset);

    /// <summary>Every undefined dynamic symbol with the version it is bound to.</summary>
    internal static IReadOnlyList<SymbolVersion> UndefinedSymbolVersions(ReadOnlySpan<byte> elf)
    {
        var image = new Image(elf);
        var dynsym = image.Section(ShtDynsym) ?? throw new InvalidDataException("The ELF file has no .dynsym section.");
        var versym = image.Section(ShtGnuVersym) ?? throw new InvalidDataException("The ELF file has no .gnu.version section.");
        var strings = image.SectionAt(dynsym.Link);
        var symbols = new List<SymbolVersion>();
        long count = (long)(dynsym.Size / 24); // Elf64_Sym is 24 bytes
        for (long k = 0; k < count; k++)
        {
            // Elf64_Sym: st_name u32, st_info u8, st_other u8, st_shndx u16, st_value u64, st_size u64
            long sym = dynsym.Offset + k * 24;
            long entry = versym.Offset + k * 2;
            ushort version = (ushort)(image.U16(entry) & 0x7fff); // high bit = hidden
            if (image.U16(sym + 6) == SectionUndefined)
                symbols.Add(new SymbolVersion(image.CString(strings.Offset + image.U32(sym)), version, entry));
        }
        return symbols;
    }

    /// <summary>
    /// Marks the requirement <paramref name="versionName"/> weak in <paramref name="elf"/> (in place), but only if
    /// every undefined symbol bound to it is in <paramref name="allowedSymbols"/>. Returns false when the file does
    /// not need that version at all (nothing to do); throws <see cref="NotSupportedException"/> when other symbols
    /// need it, since weakening the requirement would then hide a real incompatibility.
    /// </summary>
    public static bool MarkWeak(Span<byte> elf, string versionName, IReadOnlyCollection<string> allowedSymbols)
    {
        var need = ReadNeeds(elf).FirstOrDefault(n => n.Name == versionName);
        if (need is null) return false;
        var symbols = UndefinedSymbolsOfVersion(elf, need.Index);
        var others = symbols.Where(s => !allowedSymbols.Contains(s)).ToList();
        if (others.Count > 0)
            throw new NotSupportedException(
                $"Refusing to weaken {versionName} of {need.File}: besides the marker symbol(s) " +
                $"{string.Join(", ", allowedSymbols)} it is needed by {string.Join(", ", others.Take(5))}" +
                (others.Count > 5 ? $" and {others.Count - 5} more" : "") +
                ". Install a newer libstdc++ (for example from a newer GCC) instead.");
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(elf[(int)need.FlagsOffset..]);
        BinaryPrimitives.WriteUInt16LittleEndian(elf[(int)need.FlagsOffset..], (ushort)(flags | VerFlgWeak));
        return true;
    }

    sealed record SectionHeader(uint Type, uint Link, uint Info, long Offset, ulong Size);

    ref struct Image
    {
        readonly ReadOnlySpan<byte> _b;
        readonly long _shoff;
        readonly int _shentsize, _shnum;

        public Image(ReadOnlySpan<byte> bytes)
        {
            _b = bytes;
            if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
                throw new InvalidDataException("Not an ELF file.");
            if (bytes[4] != 2 || bytes[5] != 1)
                throw new InvalidDataException("Only 64-bit little-endian ELF files are supported.");
            _shoff = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes[0x28..]);
            _shentsize = BinaryPrimitives.ReadUInt16LittleEndian(bytes[0x3a..]);
            _shnum = BinaryPrimitives.ReadUInt16LittleEndian(bytes[0x3c..]);
            if (_shoff <= 0 || _shoff + (long)_shentsize * _shnum > bytes.Length)
                throw new InvalidDataException("The ELF section header table lies outside the file.");
        }

        public ushort U16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(At(at, 2));
        public uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(At(at, 4));
        ulong U64(long at) => BinaryPrimitives.ReadUInt64LittleEndian(At(at, 8));

        /// <summary>The bytes from <paramref name="at"/> on; a damaged file pointing outside itself is an InvalidDataException.</summary>
        ReadOnlySpan<byte> At(long at, int atLeast) => at >= 0 && at + atLeast <= _b.Length
            ? _b[(int)at..]
            : throw new InvalidDataException($"The ELF file points at offset {at}, outside its {_b.Length} bytes (truncated or damaged file).");

        public string CString(long at)
        {
            var rest = At(at, 1);
            int end = rest.IndexOf((byte)0);
            return Encoding.ASCII.GetString(end < 0 ? rest : rest[..end]);
        }

        public SectionHeader SectionAt(uint index)
        {
            // Elf64_Shdr: name u32, type u32, flags u64, addr u64, offset u64, size u64, link u32, info u32, ...
            if (index >= _shnum) throw new InvalidDataException($"The ELF file refers to section {index}, but has only {_shnum}.");
            long h = _shoff + (long)index * _shentsize;
            var section = new SectionHeader(U32(h + 4), U32(h + 40), U32(h + 44), (long)U64(h + 24), U64(h + 32));
            if (section.Type != ShtNobits && (section.Offset < 0 || (ulong)section.Offset + section.Size > (ulong)_b.Length))
                throw new InvalidDataException($"ELF section {index} lies outside the file (truncated or damaged file).");
            return section;
        }

        public SectionHeader? Section(uint type)
        {
            for (uint i = 0; i < _shnum; i++)
            {
                var s = SectionAt(i);
                if (s.Type == type) return s;
            }
            return null;
        }
    }
}
