using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Tests.Catalog;

/// <summary>The rules a department system added as data keeps before it is published (ADR 0029), and how the running catalog takes a new version.</summary>
public sealed class SystemPackageRulesTests
{
    private static readonly SystemCatalog Shipped = SystemCatalog.LoadEmbedded();

    [Fact]
    public void AWellFormedWebSystem_HasNoProblem()
    {
        Assert.Empty(SystemPackageRules.Check(Package(System()), Shipped));
    }

    [Theory]
    [InlineData("Jiedao", "system.id")]
    [InlineData("j", "system.id")]
    public void AnIdThatIsNotLowerCaseLettersDigitsAndDashes_IsRefused(string id, string path)
    {
        var system = System(id);
        Assert.Contains(SystemPackageRules.Check(Package(system), Shipped), p => p.StartsWith(path, StringComparison.Ordinal));
    }

    [Fact]
    public void AKindWithoutABotOrAPoolNoWorkerServes_IsRefused_NamingThePoolsInUse()
    {
        var system = System();
        system.Kind = "mainframe";
        Assert.Contains(SystemPackageRules.Check(Package(system), Shipped), p => p.StartsWith("system.kind", StringComparison.Ordinal));

        system = System();
        system.Pool = "gpu";
        var problem = Assert.Single(SystemPackageRules.Check(Package(system), Shipped));
        Assert.StartsWith("system.pool", problem, StringComparison.Ordinal);
        Assert.Contains("web", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AnActionNamedOutsideTheSystem_IsRefused_SoNoSystemCanTakeAnothersAction()
    {
        var system = System();
        system.Actions[0].Id = "gongan.registerNewborn";
        var problems = SystemPackageRules.Check(Package(system), Shipped);
        Assert.Contains(problems, p => p.Contains("system.actions[0].id", StringComparison.Ordinal) && p.Contains("jiedao.", StringComparison.Ordinal));
    }

    [Fact]
    public void AContractWithADuplicateField_OrACorrectionNamingNoAction_IsRefused()
    {
        var system = System();
        system.Actions[0].Inputs.Add(new FormField { Id = "name", Label = new("姓名", "Name"), Type = FieldType.ChineseName });
        system.Actions[0].AmendedBy = "jiedao.amendPermit";
        var problems = SystemPackageRules.Check(Package(system), Shipped);
        Assert.Contains(problems, p => p.Contains("inputs.name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("jiedao.registerPermit.amendedBy", StringComparison.Ordinal));
    }

    [Fact]
    public void TheRunningCatalog_TakesANewerVersionWhole_AndIgnoresAnOlderOrTheSameOne()
    {
        var catalog = SystemCatalog.LoadEmbedded();
        Assert.Equal(0, catalog.VersionOf("jiedao"));
        Assert.True(catalog.Put(System(), 2));
        Assert.Equal(2, catalog.VersionOf("jiedao"));
        Assert.NotNull(catalog.FindAction("jiedao.registerPermit"));

        var renamed = System();
        renamed.Actions[0].Id = "jiedao.registerLicence";
        Assert.False(catalog.Put(renamed, 2));
        Assert.True(catalog.Put(renamed, 3));
        Assert.Null(catalog.FindAction("jiedao.registerPermit"));
        Assert.Equal("jiedao", catalog.SystemOf("jiedao.registerLicence")!.Id);
    }

    [Fact]
    public void CheckingAChange_LeavesTheRunningCatalogAsItIs()
    {
        var catalog = SystemCatalog.LoadEmbedded();
        var changed = catalog.With(System());
        Assert.NotNull(changed.FindSystem("jiedao"));
        Assert.Null(catalog.FindSystem("jiedao"));
        Assert.Equal(SystemCatalog.ShippedVersion, changed.VersionOf("jiedao"));
    }

    private static SystemPackage Package(DepartmentSystem system) => new() { System = system };

    private static DepartmentSystem System(string id = "jiedao") => new()
    {
        Id = id,
        Department = "街道办事处",
        Kind = DepartmentSystem.WebKind,
        Pool = "web",
        Name = new("街道办事处许可登记系统", "Sub-district permit register"),
        BaseUrl = "http://permits.example.gov.cn/",
        Actions =
        [
            new SystemAction
            {
                Id = $"{id}.registerPermit",
                Name = new("许可登记", "Register a permit"),
                Inputs = [new FormField { Id = "name", Label = new("申请人姓名", "Applicant's name"), Type = FieldType.ChineseName, Required = true }],
                Outputs = [new FormField { Id = "permitNo", Label = new("许可编号", "Permit number"), Type = FieldType.Text, Required = true }],
            },
        ],
    };
}
