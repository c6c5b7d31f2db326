using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using RpaRunner.Designer.Systems;

namespace RpaRunner.Designer.Tests.Systems;

public sealed class ScriptStepsTests
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>JSON as the assertions write it, Chinese unescaped.</summary>
    public static string Text(JsonNode? node) => node!.ToJsonString(Readable);

    [Fact]
    public void ChangeVerb_BetweenTwoVerbsOfTargets_KeepsTheTargetsInTheVerbsPlace()
    {
        var step = JsonNode.Parse("""{ "title": "姓名", "fill": [{ "css": "#a" }], "value": "{{inputs.name}}", "optional": true }""")!.AsObject();

        ScriptSteps.ChangeVerb(step, "select");

        Assert.Equal("""{"title":"姓名","select":[{"css":"#a"}],"value":"{{inputs.name}}","optional":true}""", Text(step));
    }

    [Fact]
    public void ChangeVerb_ToGoto_GivesAnEmptyAddressAndDropsTheValue()
    {
        var step = JsonNode.Parse("""{ "fill": [{ "css": "#a" }], "value": "x" }""")!.AsObject();

        ScriptSteps.ChangeVerb(step, "goto");

        Assert.Equal("""{"goto":""}""", Text(step));
    }

    [Theory]
    [InlineData("cell", "2", "2")]
    [InlineData("index", "0", "0")]
    [InlineData("exact", "true", "true")]
    [InlineData("css", "2", "\"2\"")]
    [InlineData("cell", "第二列", "\"第二列\"")]
    public void Parse_NumbersForCellAndIndex_TextOtherwise(string kind, string text, string json) =>
        Assert.Equal(json, Text(ScriptSteps.Parse(kind, text)));

    [Fact]
    public void Move_PastEitherEnd_ChangesNothing()
    {
        var list = new JsonArray(1, 2, 3);

        Assert.False(ScriptSteps.Move(list, 0, -1));
        Assert.False(ScriptSteps.Move(list, 2, 1));
        Assert.True(ScriptSteps.Move(list, 2, -1));
        Assert.Equal("[1,3,2]", Text(list));
    }
}
