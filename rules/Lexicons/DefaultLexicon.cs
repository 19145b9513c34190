using RiskTriggers.Engine.Signals.Phrases;

namespace RiskTriggers.Rules.Lexicons;

/// <summary>The shipped zh + en lexicon, embedded from <c>Data/lexicon.json</c> and parsed once.</summary>
public static class DefaultLexicon
{
    internal const string ResourceName = "RiskTriggers.Rules.Data.lexicon.json";

    private static readonly Lazy<Lexicon> Cached = new(Read);

    public static Lexicon Load() => Cached.Value;

    private static Lexicon Read()
    {
        using var stream = typeof(DefaultLexicon).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource '{ResourceName}' is missing from {typeof(DefaultLexicon).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return Lexicon.Parse(reader.ReadToEnd());
    }
}
