using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace StableTune.Experiments;

/// <summary>
/// The JSON settings of the results files: enums as names, NaN and infinities allowed (a diverged run's loss is NaN),
/// and abstract kit types (such as <c>ModelConfig</c>) written with their concrete type and all its properties.
/// </summary>
public static class ExperimentJson
{
    /// <summary>Settings for one JSON line per record (results files).</summary>
    public static JsonSerializerOptions Line { get; } = Create(indented: false);

    /// <summary>Settings for files people read (grid descriptions).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>A configuration as canonical JSON: the same configuration always gives the same text.</summary>
    public static string Config<T>(T config) =>
        JsonSerializer.Serialize(config, config?.GetType() ?? typeof(T), Line);

    static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable files: quotes as \", not \u0022
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { AddKitPolymorphism } },
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly();
        return options;
    }

    // A property declared as an abstract kit type (ModelConfig) would otherwise be written with the base's properties only.
    static void AddKitPolymorphism(JsonTypeInfo info)
    {
        var type = info.Type;
        if (!type.IsAbstract || type.IsInterface || type.Assembly != typeof(ExperimentJson).Assembly) return;
        var derived = type.Assembly.GetTypes()
            .Where(t => !t.IsAbstract && type.IsAssignableFrom(t) && t.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        if (derived.Count == 0) return;
        info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "$type" };
        foreach (var t in derived) info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(t, t.Name));
    }
}
