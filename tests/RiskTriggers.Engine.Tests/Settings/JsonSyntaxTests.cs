using RiskTriggers.Engine.Settings;

namespace RiskTriggers.Engine.Tests.Settings;

public sealed class JsonSyntaxTests
{
    [TestCase("{ \"a\": 1 }")]
    [TestCase("[1, {\"a\": [2, {\"b\": 3}]}]")]
    public void Problems_WellFormed_None(string json) =>
        Assert.That(JsonSyntax.Problems(json), Is.Empty);

    [TestCase("", "line 1, column 1: the document is empty")]
    [TestCase("{ \"a\": 1", "line 1, column 9: the document ends too early: a closing }, ] or \" is missing")]
    [TestCase("{ \"a\": \"x }", "line 1, column 12: the document ends too early: a closing }, ] or \" is missing")]
    [TestCase("{ a: 1 }", "line 1, column 3: a key must be written in double quotes")]
    [TestCase("{ 'a': 1 }", "line 1, column 3: a key must be written in double quotes")]
    [TestCase("{ \"a\" 1 }", "line 1, column 7: a ':' must follow the key")]
    [TestCase("{ \"a\": 1\n  \"b\": 2 }", "line 2, column 3: a ',' (or the closing } or ]) must follow a value")]
    [TestCase("// note\n{}", "line 1, column 1: a value must be an object, a list, text in double quotes, a number, true, false or null (comments are not allowed)")]
    [TestCase("{ \"a\": [1, ] }", "line 1, column 12: a comma before the closing } or ] has nothing after it")]
    [TestCase("{ \"a\": 1 } }", "line 1, column 12: the document goes on after its closing }")]
    public void Problems_Malformed_LineColumnAndPlainReason(string json, string problem) =>
        Assert.That(JsonSyntax.Problems(json), Is.EqualTo(new[] { problem }));

    [Test]
    public void Problems_ColumnCountsCharactersNotBytes() =>
        Assert.That(JsonSyntax.Problems("{ \"队列\": 1 \"b\": 2 }").Single(), Does.StartWith("line 1, column 11:"));

    [Test]
    public void Problems_KeysWrittenTwice_EachNamedByItsPath() =>
        Assert.That(JsonSyntax.Problems("{ \"a\": 1, \"a\": 2, \"l\": [{ \"b\": 1 }, { \"b\": 1, \"b\": 2 }] }"), Is.EqualTo(new[]
        {
            "line 1, column 11: a is written twice; a key may appear once in an object",
            "line 1, column 47: l[1].b is written twice; a key may appear once in an object",
        }));
}
