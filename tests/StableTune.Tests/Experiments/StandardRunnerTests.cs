using StableTune.Experiments;
using StableTune.Models;
using StableTune.Stability;
using StableTune.Training;

namespace StableTune.Tests.Experiments;

/// <summary>The standard runner with the real trainer on Iris (small and fast).</summary>
public class StandardRunnerTests
{
    internal static readonly RunConfig IrisBaseline = new()
    {
        Data = new DataConfig { Dataset = DatasetName.Iris },
        Model = new MlpConfig { Inputs = 4, Classes = 3, Depth = 1, Width = 16 },
        Train = new TrainConfig { Epochs = 8, BatchSize = 16, LearningRate = 0.02, Standardize = true },
        Validation = new ValidationConfig { Kind = SplitKind.KFold, Folds = 3, SplitSeed = 7 },
    };

    [Fact]
    public void Experiment_over_a_setting_gives_one_row_per_config_seed_and_fold()
    {
        using var temp = new TempFolder();
        var configs = Experiment.Vary(IrisBaseline, "lr", [0.02, 1e6],
            (c, lr) => c with { Train = c.Train with { LearningRate = lr, Optimizer = new OptimizerConfig { Kind = OptimizerKind.SGD } } });
        Assert.Equal(["lr=0.02", "lr=1000000"], configs.Select(c => c.Name));
        var results = Experiment.Run(new ExperimentSpec { Directory = temp.Path, Configs = configs, Seeds = [0, 1] });

        Assert.Equal(12, results.Runs.Count);
        Assert.True(results.IsComplete);
        var good = results.Of("lr=0.02");
        Assert.All(good, r => Assert.Equal(RunStatus.Completed, r.Status));
        Assert.All(good, r => Assert.Equal(50, r.Predictions.Count)); // 150 examples, 3 folds
        Assert.All(good, r => Assert.Equal(8, r.History.Count));
        // The same metric set as a Study run (one executor), measured on the parts of the validation scheme.
        Assert.All(good, r => Assert.Superset(new HashSet<string> { "accuracy", "loss", "train_accuracy", "train_loss", "gap", "parameters", "epochs", "macro_f1" },
            r.Metrics.Keys.ToHashSet()));
        Assert.All(good, r => Assert.Equal(r.Metrics["train_accuracy"] - r.Metrics["accuracy"], r.Metrics["gap"], 12));
        Assert.All(good, r => Assert.Equal(8, r.Metrics["epochs"]));
        Assert.All(good, r => Assert.Equal("cpu", r.Manifest.Device.ToLowerInvariant()[..3]));
        Assert.True(results.Describe("lr=0.02").Mean > 0.6, "an MLP on standardized Iris learns something in 8 epochs");

        var exploded = results.Of("lr=1000000");
        Assert.All(exploded, r => Assert.Equal(RunStatus.Diverged, r.Status));
        Assert.All(exploded, r => Assert.NotEmpty(r.History));
        Assert.Equal(1.0, results.DivergenceRate("lr=1000000"));
        Assert.Equal(12, ResultStore.Load(temp.Path).ToDataFrame().Rows.Count);
    }

    [Fact]
    public void Same_seed_twice_is_bit_identical_and_another_seed_is_not()
    {
        var report = Determinism.Check(IrisBaseline, seed: 3);
        Assert.True(report.Identical, report.ToString());

        using var runner = new StandardRunner();
        var (a, ma) = runner.Execute(IrisBaseline, 3, 0, 0);
        var (b, mb) = runner.Execute(IrisBaseline, 4, 0, 0);
        using (ma) using (mb)
            Assert.True(Determinism.Compare(a, b, ma, mb).MaxWeightDifference > 0);
    }

    [Fact]
    public void Mismatched_model_and_data_are_explained()
    {
        using var runner = new StandardRunner();
        var wrong = IrisBaseline with { Model = new MlpConfig { Inputs = 4, Classes = 10 } };
        var e = Assert.Throws<ArgumentException>(() => runner.Execute(wrong, 0, 0, 0));
        Assert.Contains("Classes = 3", e.Message);
        // The fine-tune fields reach the shared executor: an MLP has no backbone to freeze.
        var frozen = Assert.Throws<ArgumentException>(() => runner.Execute(IrisBaseline with { FreezeBackbone = true }, 0, 0, 0));
        Assert.Contains("BackboneHeadConfig", frozen.Message);
    }

    [Fact]
    public void Validation_schemes_with_different_fold_counts_are_refused()
    {
        var configs = new[]
        {
            new GridConfig<RunConfig>("a", IrisBaseline),
            new GridConfig<RunConfig>("b", IrisBaseline with { Validation = new ValidationConfig { Kind = SplitKind.HoldOut } }),
        };
        Assert.Throws<ArgumentException>(() => Experiment.Run(new ExperimentSpec { Directory = "unused", Configs = configs }));
    }

    [Fact]
    public void Parallel_runs_equal_sequential_runs()
    {
        using var temp = new TempFolder();
        var withDropout = IrisBaseline with { Model = new MlpConfig { Inputs = 4, Classes = 3, Depth = 2, Width = 16, Dropout = 0.2 } };
        var configs = new[] { new GridConfig<RunConfig>("dropout", withDropout) };
        var one = Experiment.Run(new ExperimentSpec { Directory = temp.Sub("one"), Configs = configs, Seeds = [0, 1, 2] });
        var two = Experiment.Run(new ExperimentSpec { Directory = temp.Sub("two"), Configs = configs, Seeds = [0, 1, 2], MaxParallel = 3 });
        Assert.Equal(one.Runs.Select(r => r.Metrics["loss"]), two.Runs.Select(r => r.Metrics["loss"]));
        Assert.Equal(one.Runs.Select(r => r.History[^1].TrainLoss), two.Runs.Select(r => r.History[^1].TrainLoss));
    }

    [Fact]
    public void A_cancelled_run_resumes_to_the_result_of_an_uninterrupted_run()
    {
        using var temp = new TempFolder();
        var longer = IrisBaseline with { Train = IrisBaseline.Train with { Epochs = 20 }, Validation = new ValidationConfig { TestFraction = 0.3 } }; // one run
        var configs = new[] { new GridConfig<RunConfig>("long", longer) };
        var clean = Experiment.Run(new ExperimentSpec { Directory = temp.Sub("clean"), Configs = configs, Seeds = [5] }).Runs[0];

        // Cancel the first attempt after its 4th epoch (checkpointed), then run the grid again: it resumes there.
        using var cancel = new CancellationTokenSource();
        var attempts = 0;
        using var interrupting = new StandardRunner(callbacks: () => [new CancelAfterEpoch(++attempts == 1 ? 3 : int.MaxValue, cancel)]);
        var spec = new ExperimentSpec { Directory = temp.Sub("resumed"), Configs = configs, Seeds = [5] };
        Assert.ThrowsAny<OperationCanceledException>(() => Experiment.Run(spec with { Runner = interrupting.Run }, cancel.Token));
        Assert.True(File.Exists(Path.Combine(GridRunner.CheckpointDirectory(spec.Directory, new RunKey("long", 5, 0, 0)), "fit", "state.json")));
        Assert.Empty(ResultStore.Load(spec.Directory).Runs);
        var resumed = Experiment.Run(spec with { Runner = interrupting.Run }).Runs[0];
        Assert.Equal(2, attempts);

        Assert.Equal(clean.Metrics["loss"], resumed.Metrics["loss"]);
        Assert.Equal(clean.Predictions, resumed.Predictions);
        Assert.Equal(clean.History.Select(h => h.TrainLoss), resumed.History.Select(h => h.TrainLoss));
    }

    [Fact]
    public void Batched_seeds_match_single_runs_within_rounding()
    {
        using var temp = new TempFolder();
        var configs = new[] { new GridConfig<RunConfig>("sgd", IrisBaseline with { Train = IrisBaseline.Train with { Optimizer = new OptimizerConfig { Kind = OptimizerKind.Momentum } } }) };
        var single = Experiment.Run(new ExperimentSpec { Directory = temp.Sub("single"), Configs = configs, Seeds = [0, 1, 2] });
        var batched = Experiment.Run(new ExperimentSpec { Directory = temp.Sub("batched"), Configs = configs, Seeds = [0, 1, 2], BatchSeeds = true });
        Assert.Equal(single.Runs.Select(RunKey.Of), batched.Runs.Select(RunKey.Of));
        foreach (var (s, b) in single.Runs.Zip(batched.Runs))
        {
            Assert.Equal(s.Metrics["loss"], b.Metrics["loss"], 4);
            Assert.Equal(s.History[^1].TrainLoss, b.History[^1].TrainLoss, 4);
        }
        // The three seeds of each fold were trained together: they share the batched time equally.
        Assert.All(batched.Runs.GroupBy(r => r.Fold), g => Assert.Single(g.Select(r => r.Seconds).Distinct()));
        Assert.Throws<ArgumentException>(() => Experiment.Run(new ExperimentSpec { Directory = temp.Sub("x"), Configs = configs, BatchSeeds = true, MaxParallel = 2 }));
    }

    sealed class CancelAfterEpoch(int epoch, CancellationTokenSource cancel) : ICallback
    {
        public void AfterEpoch(TrainContext context)
        {
            if (context.Epoch == epoch) cancel.Cancel();
        }
    }
}
