namespace StableTune.Models;

/// <summary>Activation functions the builders know.</summary>
public enum Activation { ReLU, LeakyReLU, GELU, Tanh, Sigmoid }

/// <summary>Base of all model configurations. Immutable; saved beside every result.</summary>
public abstract record ModelConfig
{
    /// <summary>Number of output classes.</summary>
    public int Classes { get; init; } = 10;
}

/// <summary>A multi-layer perceptron: <c>Depth</c> hidden layers of <c>Width</c> units. Flattens its input.</summary>
public sealed record MlpConfig : ModelConfig
{
    /// <summary>Input features after flattening (784 for 28x28 images).</summary>
    public int Inputs { get; init; } = 784;
    /// <summary>Hidden layers.</summary>
    public int Depth { get; init; } = 2;
    /// <summary>Units per hidden layer.</summary>
    public int Width { get; init; } = 128;
    public Activation Activation { get; init; } = Activation.ReLU;
    /// <summary>Dropout probability after each hidden activation (0 = none).</summary>
    public double Dropout { get; init; }
}

/// <summary>A small CNN: conv blocks (conv 3x3 pad 1, optional batch norm, activation, 2x2 max-pool), then a dense layer, activation, dropout and the classifier.</summary>
public sealed record CnnConfig : ModelConfig
{
    public int InChannels { get; init; } = 1;
    /// <summary>Side of the square input image.</summary>
    public int ImageSize { get; init; } = 28;
    /// <summary>Output channels of each conv block; one block per entry.</summary>
    public IReadOnlyList<int> Channels { get; init; } = [32, 64];
    /// <summary>Units of the dense layer before the classifier.</summary>
    public int Dense { get; init; } = 128;
    public Activation Activation { get; init; } = Activation.ReLU;
    public bool BatchNorm { get; init; }
    public double Dropout { get; init; }
}

/// <summary>
/// A convolutional backbone, then global average pooling, a dense layer and a classifier (the article's fine-tuning
/// example done right). The backbone can be frozen and given its own learning rate.
/// </summary>
public sealed record BackboneHeadConfig : ModelConfig
{
    public int InChannels { get; init; } = 1;
    /// <summary>Output channels of each backbone conv block.</summary>
    public IReadOnlyList<int> Channels { get; init; } = [32, 64];
    /// <summary>Units of the head's dense layer.</summary>
    public int HeadWidth { get; init; } = 64;
    public Activation Activation { get; init; } = Activation.ReLU;
    public bool BatchNorm { get; init; } = true;
    public double Dropout { get; init; }
}
