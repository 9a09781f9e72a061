using System.Text;
using System.Text.Json;

namespace StableTune.Experiments;

/// <summary>What a results file holds: its grid header, its complete result lines, and where they end.</summary>
internal sealed record ResultFileContent(string Path, GridHeader? Header, IReadOnlyList<RunResult> Results, long CompleteLength, bool TornTail);

/// <summary>
/// A results file: JSON lines, the first a <see cref="GridHeader"/>, then one <see cref="RunResult"/> per line.
/// Appends write a whole line, flush it and fsync it, so a killed process loses at most the line being written;
/// such a torn last line (no newline) is ignored when reading and cut off before the next append.
/// </summary>
internal static class ResultFile
{
    /// <summary>Reads a results file; a missing file reads as empty.</summary>
    public static ResultFileContent Read(string path)
    {
        if (!File.Exists(path)) return new(path, null, [], 0, false);
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        var end = Array.LastIndexOf(bytes, (byte)'\n') + 1; // bytes after the last newline are a torn line
        GridHeader? header = null;
        var results = new List<RunResult>();
        var line = 0;
        for (var start = 0; start < end; line++)
        {
            var stop = Array.IndexOf(bytes, (byte)'\n', start);
            var span = bytes.AsSpan(start, stop - start);
            start = stop + 1;
            if (span.Trim((byte)'\r').IsEmpty) continue;
            try
            {
                if (header is null) header = ParseHeader(span, path);
                else results.Add(JsonSerializer.Deserialize<RunResult>(span, ExperimentJson.Line)
                                 ?? throw new JsonException("the line is null"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException(
                    $"{path}, line {line + 1}: not a valid {(header is null ? "grid header" : "run result")} ({e.Message}). " +
                    "The file was changed by hand or by another program; restore it or move it away to start over.", e);
            }
        }
        return new(path, header, results, end, end < bytes.Length);
    }

    static GridHeader ParseHeader(ReadOnlySpan<byte> json, string path)
    {
        var header = JsonSerializer.Deserialize<GridHeader>(json, ExperimentJson.Line) ?? throw new JsonException("the header is null");
        if (header.Format != GridHeader.CurrentFormat)
            throw new InvalidDataException($"{path}: format \"{header.Format}\" is not \"{GridHeader.CurrentFormat}\"; " +
                                           "it was written by another version of the kit. Use a new results folder.");
        return header;
    }

    /// <summary>Serializes one record as a single line (no newline inside).</summary>
    public static byte[] Line<T>(T record) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, ExperimentJson.Line) + "\n");
}

/// <summary>An open results file for appending; holds an exclusive lock file so two processes never append to it at once.</summary>
internal sealed class ResultAppender : IDisposable
{
    readonly FileStream _stream;
    readonly FileStream _lock;
    readonly Lock _gate = new();

    ResultAppender(FileStream stream, FileStream lockFile, string path)
    {
        _stream = stream;
        _lock = lockFile;
        Path = path;
    }

    /// <summary>The results file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens <paramref name="content"/>'s file for appending: writes <paramref name="header"/> if the file has none,
    /// and cuts off a torn last line. The caller has checked that an existing header matches.
    /// </summary>
    public static ResultAppender Open(ResultFileContent content, GridHeader header)
    {
        var path = content.Path;
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"{path} is being written by another process (its lock file {path}.lock is held). " +
                                  "Wait for it to finish, or give this process another shard or results folder.", e);
        }
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        if (content.Header is null)
        {
            stream.SetLength(0);
            stream.Write(ResultFile.Line(header));
            stream.Flush(flushToDisk: true);
        }
        else if (stream.Length != content.CompleteLength)
        {
            stream.SetLength(content.CompleteLength); // a torn last line from a killed writer
            stream.Flush(flushToDisk: true);
        }
        stream.Seek(0, SeekOrigin.End);
        return new ResultAppender(stream, lockFile, path);
    }

    /// <summary>Appends one result as one line and forces it to disk before returning.</summary>
    public void Append(RunResult result)
    {
        var bytes = ResultFile.Line(result);
        lock (_gate)
        {
            _stream.Write(bytes);
            _stream.Flush(flushToDisk: true);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stream.Dispose();
        _lock.Dispose();
    }
}
