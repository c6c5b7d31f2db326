using System.Text.Json.Nodes;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Tests.Catalog;

/// <summary>一次告知: the checks on the materials a bundle declares.</summary>
public sealed class BundleMaterialsTests
{
    private static readonly string s_bundles = Path.Combine(BundleValidatorTests.RepoRoot(), "Workflows", "Bundles");

    [Fact]
    public void ShippedBundles_DeclareTheMaterialsOfTheirMatters()
    {
        var newborn = Load("newborn.json");
        var birth = Assert.Single(newborn.Materials);
        Assert.Equal("出生医学证明", birth.Name.Zh);
        Assert.Equal(["household"], birth.Steps);

        var company = Load("company-setup.json");
        Assert.Equal(["公司章程", "住所（经营场所）证明"], company.Materials.Select(m => m.Name.Zh));
        Assert.All(company.Materials, m => Assert.Equal(["registration"], m.Steps));
        Assert.Equal([MaterialType.Pdf], company.FindMaterial("articles")!.AcceptedTypes);
        Assert.Equal(10L * 1024 * 1024, company.FindMaterial("articles")!.MaxBytes);
    }

    [Fact]
    public void UnknownStep_IsReportedInBothLanguages()
    {
        var problems = Validate("company-setup.json", b => b["materials"]![0]!["steps"] = new JsonArray("notary"));
        var problem = Assert.Single(problems);
        Assert.Equal("$.materials[0].steps[0]", problem.Path);
        Assert.Equal("材料“公司章程”所需的事项不存在", problem.Text.Zh);
        Assert.Equal("Material “Articles of association” is needed by a matter that does not exist", problem.Text.En);
    }

    [Fact]
    public void DuplicateId_IsReported()
    {
        var problems = Validate("company-setup.json", b => b["materials"]![1]!["id"] = "articles");
        var problem = Assert.Single(problems);
        Assert.Equal("$.materials[1].id", problem.Path);
        Assert.Contains("重复", problem.Text.Zh, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(21)]
    public void SizeLimit_OutsideZeroToTheCeiling_IsReported(decimal size)
    {
        var problems = Validate("newborn.json", b => b["materials"]![0]!["maxSizeMb"] = size);
        Assert.Contains(problems, p => p.Path == "$.materials[0].maxSizeMb");
    }

    [Fact]
    public void SizeLimit_AboveTheCeiling_IsReportedForAModelEditedOutsideJson()
    {
        var bundle = Load("newborn.json");
        bundle.Materials[0].MaxSizeMb = MaterialDefinition.MaxSizeMbCeiling + 1;
        var problem = Assert.Single(CreateSut().ValidateSemantics(bundle));
        Assert.Equal("材料“出生医学证明”的大小上限须大于 0 且不超过 20 MB", problem.Text.Zh);
    }

    [Fact]
    public void UnknownFileType_IsASchemaError()
    {
        var problems = Validate("newborn.json", b => b["materials"]![0]!["types"] = new JsonArray("exe"));
        Assert.Contains(problems, p => p.Path.StartsWith("$.materials[0].types", StringComparison.Ordinal));
    }

    private static BundleDefinition Load(string file)
    {
        var problems = CreateSut().Validate(File.ReadAllText(Path.Combine(s_bundles, file)), out var bundle);
        Assert.Empty(problems);
        return bundle!;
    }

    private static List<BundleProblem> Validate(string file, Action<JsonNode> breakIt)
    {
        var bundle = JsonNode.Parse(File.ReadAllText(Path.Combine(s_bundles, file)))!;
        breakIt(bundle);
        return [.. CreateSut().Validate(bundle.ToJsonString(), out _)];
    }

    private static BundleValidator CreateSut() => new(SystemCatalog.LoadEmbedded());
}
