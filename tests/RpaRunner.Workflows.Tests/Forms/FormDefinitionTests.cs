using System.Text.Json;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Tests.Forms;

public class FormDefinitionTests
{
    [Fact]
    public void Deserialize_SampleForm_ReadsEveryProperty()
    {
        var form = FormTestData.Form();

        Assert.Equal(5, form.Sections.Count);
        Assert.Equal(8, form.Rules.Count);
        var birthDate = form.Sections[0].Fields[1];
        Assert.Equal(FieldType.Date, birthDate.Type);
        Assert.True(birthDate.Required);
        Assert.Equal("today", birthDate.Max!.Value.GetString());
        Assert.Equal(new LocalizedText("出生日期", "Date of birth"), birthDate.Label);
        Assert.Equal(FieldType.ChineseName, form.Sections[0].Fields[0].Type);
        Assert.Equal(["1", "2"], form.Sections[0].Fields[2].Options!.Select(o => o.Code));
        var note = form.Sections[3].Fields[1];
        Assert.Equal(30, note.MaxLength);
        Assert.Equal("^[A-Z0-9]+$", note.Pattern);
        Assert.Equal("capital letters and digits only", note.Help!.En);
        Assert.Equal(100000000000m, form.Sections[4].Fields[1].Max!.Value.GetDecimal());
        var certRequired = form.Rules[4];
        Assert.Equal(RuleKind.RequiredWhen, certRequired.Kind);
        Assert.Equal("applicant.hasOnlyChildCertificate", certRequired.When!.Path);
        Assert.Equal(JsonValueKind.True, certRequired.When.EqualTo!.Value.ValueKind);
        Assert.Equal(["mother.idNumber", "father.idNumber"], form.Rules[5].Fields!);
        Assert.Equal(16, form.Rules[6].Years);
        Assert.Equal("child.birthDate", form.Rules[6].AtField);
        Assert.Equal(365, form.Rules[7].Days);
    }

    [Fact]
    public void Deserialize_WithWebDefaults_ReadsTheSame()
    {
        var form = JsonSerializer.Deserialize<FormDefinition>(FormTestData.FormJson, JsonSerializerOptions.Web)!;

        Assert.Equal(FieldType.IdNumber, form.Sections[1].Fields[1].Type);
        Assert.Equal(RuleKind.MaxAgeDays, form.Rules[7].Kind);
    }

    [Fact]
    public void Serialize_EnumsUseTheJsonTypeStrings()
    {
        var json = JsonSerializer.Serialize(FormTestData.Form());

        Assert.Contains("\"type\":\"chineseName\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"enum\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"maxAgeDays\"", json, StringComparison.Ordinal);
        Assert.Contains("\"equals\":true", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_UnknownFieldType_Throws()
    {
        const string json = """{ "sections": [ { "id": "a", "title": { "zh": "甲", "en": "A" }, "fields": [ { "id": "b", "label": { "zh": "乙", "en": "B" }, "type": "colour" } ] } ] }""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<FormDefinition>(json));
    }

    [Theory]
    [InlineData("mother.idNumber", "mother", "idNumber")]
    [InlineData("company.capital", "company", "capital")]
    public void FindField_KnownPath_ReturnsSectionAndField(string path, string section, string field)
    {
        var found = FormTestData.Form().FindField(path);

        Assert.NotNull(found);
        Assert.Equal(section, found.Value.Section.Id);
        Assert.Equal(field, found.Value.Field.Id);
    }

    [Theory]
    [InlineData("mother")]
    [InlineData("mother.")]
    [InlineData(".idNumber")]
    [InlineData("mother.ghost")]
    [InlineData("ghost.idNumber")]
    [InlineData("mother.idNumber.extra")]
    [InlineData("")]
    [InlineData(null)]
    public void FindField_UnknownPath_ReturnsNull(string? path)
    {
        Assert.Null(FormTestData.Form().FindField(path));
    }

    [Fact]
    public void CheckDefinition_SampleForm_HasNoProblems()
    {
        Assert.Empty(FormTestData.Form().CheckDefinition());
    }

    [Fact]
    public void CheckDefinition_BrokenForm_ReportsEachProblem()
    {
        var form = FormTestData.Form();
        var child = form.Sections[0];
        child.Fields.Add(new FormField { Id = "name", Label = new LocalizedText("重名", "Duplicate"), Type = FieldType.Text });
        child.Fields.Add(new FormField { Id = "kind", Label = new LocalizedText("类别", "Kind"), Type = FieldType.Enum });
        child.Fields.Add(new FormField { Id = "code", Label = new LocalizedText("代码", "Code"), Type = FieldType.Text, Pattern = "([a-z" });
        child.Fields.Add(new FormField { Id = "due", Label = new LocalizedText("期限", "Due"), Type = FieldType.Date, Min = JsonDocument.Parse("\"2024-13-01\"").RootElement });
        form.Rules.Add(new FormRule { Id = "adult", Kind = RuleKind.MinAge, IdField = "mother.name", Years = 18 });
        form.Rules.Add(new FormRule { Id = "lonely", Kind = RuleKind.Distinct, Fields = ["mother.idNumber"] });
        form.Rules.Add(new FormRule { Id = "ghost", Kind = RuleKind.IdSex, IdField = "mother.idNumber" });

        var problems = form.CheckDefinition().Select(e => (e.Path, e.Code)).ToArray();

        Assert.Equal(
            new[]
            {
                ("child.name", "definition.duplicateId"),
                ("child.kind", "definition.noOptions"),
                ("child.code", "definition.invalidPattern"),
                ("child.due", "definition.invalidBound"),
                ("rules.adult", "definition.duplicateId"),
                ("rules.adult", "definition.wrongFieldType"),
                ("rules.lonely", "definition.missingProperty"),
                ("rules.ghost", "definition.missingProperty"),
            },
            problems);
    }
}
