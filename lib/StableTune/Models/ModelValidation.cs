namespace StableTune.Models;

/// <summary>Checks model configs before anything is built, with messages that name the bad field.</summary>
internal static class ModelValidation
{
    public static void Validate(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var name = config.GetType().Name;
        if (config.Classes < 2) Fail(name, nameof(config.Classes), config.Classes, "must be at least 2");
        switch (config)
        {
            case MlpConfig m:
                if (m.Inputs < 1) Fail(name, nameof(m.Inputs), m.Inputs, "must be positive (784 for 28x28 images)");
                if (m.Depth < 0) Fail(name, nameof(m.Depth), m.Depth, "must be 0 or more");
                if (m.Width < 1) Fail(name, nameof(m.Width), m.Width, "must be positive");
                CheckDropout(name, m.Dropout);
                break;
            case CnnConfig c:
                CheckChannels(name, c.InChannels, c.Channels);
                if (c.ImageSize >> c.Channels.Count < 1)
                    Fail(name, nameof(c.ImageSize), c.ImageSize, $"is too small for {c.Channels.Count} conv blocks (each halves the side)");
                if (c.Dense < 1) Fail(name, nameof(c.Dense), c.Dense, "must be positive");
                CheckDropout(name, c.Dropout);
                break;
            case BackboneHeadConfig b:
                CheckChannels(name, b.InChannels, b.Channels);
                if (b.HeadWidth < 1) Fail(name, nameof(b.HeadWidth), b.HeadWidth, "must be positive");
                CheckDropout(name, b.Dropout);
                break;
            default:
                throw new ArgumentException($"No builder for {name}; use MlpConfig, CnnConfig or BackboneHeadConfig.", nameof(config));
        }
    }

    static void CheckDropout(string name, double p)
    {
        if (!(p >= 0 && p < 1)) Fail(name, "Dropout", p, "must be in [0, 1)");
    }

    static void CheckChannels(string name, int inChannels, IReadOnlyList<int> channels)
    {
        if (inChannels < 1) Fail(name, "InChannels", inChannels, "must be positive (1 for grey images, 3 for colour)");
        if (channels is null || channels.Count == 0) Fail(name, "Channels", "[]", "needs at least one conv block");
        for (var i = 0; i < channels!.Count; i++)
            if (channels[i] < 1) Fail(name, $"Channels[{i}]", channels[i], "must be positive");
    }

    static void Fail(string config, string field, object value, string rule) =>
        throw new ArgumentException($"{config}.{field} = {value}: {rule}.", field);
}
