using StableTune.Models;
using StableTune.Runtime;
using StableTune.Training;

namespace StableTune.Tests.Training;

public class ProgressCallbackTests
{
    sealed class Recorder : IProgressReporter, IProgressTask
    {
        public List<(string Title, int Total)> Started { get; } = [];
        public List<(int Done, string Status)> Updates { get; } = [];
        public bool Disposed { get; private set; }
        public IProgressTask Start(string title, int total) { Started.Add((title, total)); return this; }
        public void Update(int done, string status) => Updates.Add((done, status));
        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void ReportsEachEpochWithLossAccuracyAndEtaToTheCurrentReporter()
    {
        using var train = Synthetic.Blobs(10);
        var recorder = new Recorder();
        using (ProgressReporter.Use(recorder))
            new Trainer(new TrainConfig { Epochs = 3, BatchSize = 8 }).Fit(new MlpConfig { Inputs = 8, Classes = 3 }, train, train, seed: 1).Dispose();

        Assert.Equal(3, Assert.Single(recorder.Started).Total);
        Assert.Equal([1, 2, 3], recorder.Updates.Select(u => u.Done));
        Assert.All(recorder.Updates, u => Assert.Matches(@"^loss \d+\.\d{4} acc .+ \| val loss .+ \| .+ s/epoch, ETA \d\d:\d\d$", u.Status));
        Assert.True(recorder.Disposed);
    }
}
