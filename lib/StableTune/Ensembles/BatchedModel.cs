using StableTune.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StableTune.Ensembles;

/// <summary>Kinds of layers whose parameters a batched model stacks.</summary>
public enum StackedLayerKind { Linear, Conv2d, BatchNorm2d }

/// <summary>
/// The tensors of one layer of a batched model, each stacked member-major (viewable as <c>[K, -1]</c>), in the order
/// weight, bias, then running mean and variance for batch norm. With <see cref="TransposedWeight"/>, member k's slice
/// of the weight is the transpose of the single layer's weight (dense layers store <c>[K, in, out]</c>).
/// </summary>
public sealed record StackedLayer(StackedLayerKind Kind, IReadOnlyList<Tensor> Tensors, bool TransposedWeight = false);

/// <summary>
/// K models of one architecture trained as one: input <c>[K, B, ...example]</c> (member k's batch in row k),
/// output logits <c>[K, B, classes]</c>. Members never interact: every member's output depends only on its own slice
/// of every parameter, so the sum of member losses gives each member exactly its own gradients.
/// </summary>
public abstract class BatchedModel : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the model shell for <paramref name="members"/> members.</summary>
    protected BatchedModel(string name, ModelConfig config, int members) : base(name)
    {
        if (members < 1) throw new ArgumentOutOfRangeException(nameof(members), members, "A batched model needs at least one member.");
        Config = config;
        Members = members;
    }

    /// <summary>The architecture of every member.</summary>
    public ModelConfig Config { get; }

    /// <summary>Number of members K.</summary>
    public int Members { get; }

    /// <summary>The stacked layers in forward order (used to load and extract members).</summary>
    public abstract IReadOnlyList<StackedLayer> Layers { get; }

    /// <summary>
    /// Every trainable stacked parameter, with whether its single-model counterpart is a weight matrix or kernel
    /// (rank 2 or more: dense and conv weights) - the tensors the kit's penalties and weight decay apply to by default.
    /// </summary>
    public IEnumerable<(Tensor Parameter, bool IsWeightMatrix)> TrainableParameters() =>
        Layers.SelectMany(l => l.Tensors
            .Take(l.Kind == StackedLayerKind.BatchNorm2d ? 2 : l.Tensors.Count) // running statistics are not trained
            .Select((t, i) => (t, l.Kind != StackedLayerKind.BatchNorm2d && i == 0)));

    /// <summary>Copies the parameters (and batch-norm statistics) of <paramref name="single"/> into member <paramref name="member"/>.</summary>
    public void LoadMember(int member, nn.Module single) => Transfer(member, single, toBatched: true);

    /// <summary>Copies member <paramref name="member"/> into <paramref name="single"/>, a model of the same architecture.</summary>
    public void CopyMemberTo(int member, nn.Module single) => Transfer(member, single, toBatched: false);

    void Transfer(int member, nn.Module single, bool toBatched)
    {
        if (member < 0 || member >= Members)
            throw new ArgumentOutOfRangeException(nameof(member), member, $"The model has {Members} members (0..{Members - 1}).");
        var singles = SingleLayers(single);
        foreach (var kind in Enum.GetValues<StackedLayerKind>())
        {
            var mine = Layers.Where(l => l.Kind == kind).ToList();
            var theirs = singles.Where(l => l.Kind == kind).ToList();
            if (mine.Count != theirs.Count)
                throw new ArgumentException($"The single model has {theirs.Count} {kind} layers but the batched model has {mine.Count}; build both from the same configuration.", nameof(single));
            for (int i = 0; i < mine.Count; i++)
            {
                if (mine[i].Tensors.Count != theirs[i].Tensors.Count)
                    throw new ArgumentException($"{kind} layer {i} has {theirs[i].Tensors.Count} tensors in the single model but {mine[i].Tensors.Count} in the batched one (a bias present in one only); build both from the same configuration.", nameof(single));
                for (int t = 0; t < mine[i].Tensors.Count; t++)
                {
                    var stacked = mine[i].Tensors[t];
                    var one = theirs[i].Tensors[t];
                    if (stacked.numel() != one.numel() * Members)
                        throw new ArgumentException($"{kind} layer {i}: tensor {t} has {one.numel()} values per member in the single model but {stacked.numel() / Members} in the batched one; build both from the same configuration.", nameof(single));
                    using var noGrad = no_grad();
                    using var scope = NewDisposeScope();
                    var single2d = t == 0 && mine[i].TransposedWeight ? one.t() : one; // the member slice's layout
                    if (stacked.dim() == single2d.dim() + 1 && !stacked.shape[1..].SequenceEqual(single2d.shape))
                        throw new ArgumentException($"{kind} layer {i}: tensor {t} has shape [{string.Join(", ", single2d.shape)}] per member in the single model but [{string.Join(", ", stacked.shape[1..])}] in the batched one; build both from the same configuration.", nameof(single));
                    var slot = stacked.view([Members, .. single2d.shape])[member];
                    if (toBatched) slot.copy_(single2d);
                    else single2d.copy_(slot);
                }
            }
        }
    }

    /// <summary>
    /// The dense, conv and batch-norm layers of a single model in forward order: the order in which their parameters
    /// first appear in <c>named_parameters()</c> (depth-first), unlike <c>named_modules()</c> (breadth-first).
    /// </summary>
    static List<StackedLayer> SingleLayers(nn.Module single)
    {
        var modules = single.named_modules().ToDictionary(m => m.name, m => m.module);
        var layers = new List<StackedLayer>();
        var seen = new HashSet<string>();
        foreach (var (name, _) in single.named_parameters())
        {
            var owner = name.Contains('.') ? name[..name.LastIndexOf('.')] : "";
            if (!seen.Add(owner) || !modules.TryGetValue(owner, out var module)) continue;
            switch (module)
            {
                case Linear l: layers.Add(new(StackedLayerKind.Linear, [l.weight!, l.bias!])); break;
                case Conv2d c: layers.Add(new(StackedLayerKind.Conv2d, c.bias is null ? [c.weight!] : [c.weight!, c.bias])); break;
                case BatchNorm2d b: layers.Add(new(StackedLayerKind.BatchNorm2d, [b.weight!, b.bias!, b.running_mean!, b.running_var!])); break;
                default: throw new ArgumentException($"The single model's layer '{owner}' ({module.GetType().Name}) has parameters but is not a dense, conv or batch-norm layer; it cannot be batched.", nameof(single));
            }
        }
        return layers;
    }

    /// <summary>Applies an activation function (the same ones, with the same constants, as the single-model builder).</summary>
    protected static Tensor Activate(Activation activation, Tensor x) => activation switch
    {
        Activation.ReLU => nn.functional.relu(x),
        Activation.LeakyReLU => nn.functional.leaky_relu(x, 0.01),
        Activation.GELU => nn.functional.gelu(x),
        Activation.Tanh => x.tanh(),
        Activation.Sigmoid => x.sigmoid(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };
}
