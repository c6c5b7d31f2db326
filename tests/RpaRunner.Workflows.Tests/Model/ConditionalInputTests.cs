using System.Text.Json;
using System.Text.Json.Nodes;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine.Progression;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Tests.Model;

/// <summary>The newborn bundle passes the father to the birth certificate only when he holds a resident ID.</summary>
public class ConditionalInputTests
{
    private static Dictionary<string, string?> BirthCertificateInputs(JsonObject father)
    {
        var bundle = BundleCatalog.LoadEmbedded().Find("newborn")!;
        var form = new JsonObject { ["father"] = father };
        return CaseProgression.ResolveInputs(bundle.FindStep("birthCertificate")!, new CaseValues(form, new Dictionary<string, JsonObject>()), null);
    }

    [Fact]
    public void ResolveInputs_FatherWithAPassport_LeavesTheCitizenIdInputsEmpty()
    {
        var inputs = BirthCertificateInputs(new JsonObject { ["documentType"] = "passport", ["name"] = "John Smith", ["idNumber"] = "E12345678" });

        Assert.Null(inputs["fatherName"]);
        Assert.Null(inputs["fatherIdNumber"]);
    }

    [Theory]
    [InlineData("residentId")]
    [InlineData(null)]
    public void ResolveInputs_FatherWithAResidentId_PassesHim(string? documentType)
    {
        var father = new JsonObject { ["name"] = "张伟", ["idNumber"] = "11010519491231002X" };
        if (documentType is not null)
        {
            father["documentType"] = documentType;
        }

        var inputs = BirthCertificateInputs(father);

        Assert.Equal(("张伟", "11010519491231002X"), (inputs["fatherName"], inputs["fatherIdNumber"]));
    }

    [Fact]
    public void InputSource_WithACondition_RoundTripsThroughJson()
    {
        const string json = """{"path":"form.father.idNumber","when":{"path":"form.father.documentType","in":["residentId",null]}}""";

        var source = JsonSerializer.Deserialize<InputSource>(json, JsonDefaults.Options)!;

        Assert.Equal("form.father.idNumber", source.Path);
        Assert.NotNull(source.When);
        Assert.Equal(JsonNode.Parse(json)!.ToJsonString(), JsonNode.Parse(JsonSerializer.Serialize(source, JsonDefaults.Options))!.ToJsonString());
    }

    [Fact]
    public void Validate_DocumentNumberIntoACitizenIdWithoutCondition_IsReported()
    {
        var bundle = JsonNode.Parse(File.ReadAllText(Path.Combine(Catalog.BundleValidatorTests.RepoRoot(), "Workflows", "Bundles", "newborn.json")))!;
        bundle["steps"]![0]!["inputs"]!["fatherIdNumber"] = "form.father.idNumber";

        var problems = new BundleValidator(SystemCatalog.LoadEmbedded()).Validate(bundle.ToJsonString(), out _);

        var problem = Assert.Single(problems);
        Assert.Equal("$.steps[0].inputs.fatherIdNumber", problem.Path);
        Assert.Contains("只收公民身份号码", problem.Text.Zh, StringComparison.Ordinal);
    }
}
