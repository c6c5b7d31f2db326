using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;
using RpaRunner.Designer.Design;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Designer.Tests.Design;

public sealed class RuleEditorTests : IAsyncDisposable
{
    private readonly BunitContext _context = UiTestContext.Create();

    private static BundleDefinition Draft(string bundle) =>
        DraftEditor.FromJson(UiTestContext.Catalog.Value.SourceOf(bundle, UiTestContext.Catalog.Value.Find(bundle)!.Version)!);

    private static List<FormRule> Rules(string json) => JsonSerializer.Deserialize<List<FormRule>>(json, JsonDefaults.Options)!;

    private static string Json(object? value) => JsonSerializer.Serialize(value, JsonDefaults.Options);

    private IRenderedComponent<RuleEditor> Render(FormDefinition form, Action<List<FormRule>> onChange) =>
        _context.RenderInChinese<RuleEditor>(p => p
            .Add(x => x.Form, form)
            .Add(x => x.OnChange, rules =>
            {
                form.Rules = rules;
                onChange(rules);
            }));

    public static TheoryData<string, string[]> KindsAndInputs => new()
    {
        { """{"id":"r","kind":"notFuture","field":"child.birthDate"}""", ["Field"] },
        { """{"id":"r","kind":"idBirthDate","idField":"mother.idNumber","dateField":"child.birthDate"}""", ["IdField", "DateField"] },
        { """{"id":"r","kind":"idSex","idField":"mother.idNumber","sexField":"child.sex"}""", ["IdField", "SexField"] },
        { """{"id":"r","kind":"dateOrder","earlier":"child.birthDate","later":"child.birthDate"}""", ["Earlier", "Later"] },
        { """{"id":"r","kind":"requiredWhen","field":"father.name","when":{"path":"father.idNumber"}}""", ["Field", "When"] },
        { """{"id":"r","kind":"distinct","fields":["mother.idNumber","father.idNumber"]}""", ["Fields"] },
        { """{"id":"r","kind":"minAge","idField":"mother.idNumber","years":16}""", ["IdField", "Years", "AtField"] },
        { """{"id":"r","kind":"maxAgeDays","field":"child.birthDate","days":365}""", ["Field", "Days", "AtField"] },
    };

    [Theory]
    [MemberData(nameof(KindsAndInputs))]
    public void Render_EachKind_ShowsOnlyTheInputsItUses(string rule, string[] inputs)
    {
        var form = Draft("newborn").Form;
        form.Rules = Rules($"[{rule}]");
        var cut = Render(form, _ => { });

        var row = cut.Find("[data-testid=rule-row]");
        Assert.Equal(inputs, row.QuerySelectorAll("[data-input]").Select(e => e.GetAttribute("data-input")!));
        Assert.DoesNotMatch("[a-z][A-Z]", row.QuerySelector("[data-testid=rule-kind] option:checked")!.TextContent);
        Assert.Empty(cut.FindAll("textarea"));
    }

    [Fact]
    public void Render_AnIdSexRule_OffersOnlyIdNumbersAndEnumFieldsByLabel()
    {
        var form = Draft("retirement").Form;
        var cut = Render(form, _ => { });

        var row = cut.Find("[data-rule=sexMatchesId]");
        var idOptions = row.QuerySelectorAll("[data-input=IdField] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.All(idOptions, p => Assert.Equal(FieldType.IdNumber, form.FindField(p)!.Value.Field.Type));
        Assert.Equal("公民身份号码", row.QuerySelector("[data-input=IdField] option[value='applicant.idNumber']")!.TextContent);
        Assert.All(row.QuerySelectorAll("[data-input=SexField] option").Select(o => o.GetAttribute("value")),
            p => Assert.Equal(FieldType.Enum, form.FindField(p)!.Value.Field.Type));
    }

    [Fact]
    public void Change_TheYears_WritesTheRuleBack_AndANegativeNumberIsRefused()
    {
        var form = Draft("company-setup").Form;
        List<FormRule>? raised = null;
        var cut = Render(form, r => raised = r);

        cut.Find("[data-testid=rule-years]").Change("-1");
        Assert.Equal("请填写不小于 0 的整数", cut.Find("[data-testid=rule-problem]").TextContent);
        Assert.Null(raised);

        cut.Find("[data-testid=rule-years]").Change("20");
        Assert.Equal("""{"id":"legalRepAdult","kind":"minAge","idField":"legalRep.idNumber","years":20}""", Json(raised!.Single(r => r.Id == "legalRepAdult")));
        Assert.Empty(cut.FindAll("[data-testid=rule-problem]"));
    }

    [Fact]
    public void Change_TheConditionValue_IsTypedByItsField_AndAValueNotAnOptionIsRefused()
    {
        var form = Draft("retirement").Form;
        List<FormRule>? raised = null;
        var cut = Render(form, r => raised = r);

        var row = cut.Find("[data-rule=certificateNoWhenHeld]");
        row.QuerySelector("[data-testid=rule-when-value]")!.Change("false");
        Assert.Equal("""{"path":"onlyChild.hasCertificate","equals":false}""", Json(raised!.Single(r => r.Id == "certificateNoWhenHeld").When));

        raised = null;
        cut.Find("[data-rule=certificateNoWhenHeld] [data-testid=rule-when-field]").Change("applicant.sex");
        cut.Find("[data-rule=certificateNoWhenHeld] [data-testid=rule-when-value]").Change("9");
        Assert.Equal("“9”不是该字段的选项", cut.Find("[data-rule=certificateNoWhenHeld] [data-testid=rule-problem]").TextContent);
    }

    [Fact]
    public void Add_ARule_GetsAUniqueId_AndChangingItsKindKeepsOnlyThatKindsInputs()
    {
        var form = Draft("newborn").Form;
        var shipped = form.Rules.Count;
        List<FormRule>? raised = null;
        var cut = Render(form, r => raised = r);

        cut.Find("[data-testid=rule-add]").Click();
        cut.Find("[data-testid=rule-add]").Click();
        Assert.Equal(shipped + 2, raised!.Count);
        Assert.Equal(raised.Count, raised.Select(r => r.Id).Distinct().Count());
        Assert.Equal("""{"id":"rule","kind":"notFuture","field":"child.birthDate"}""", Json(raised[shipped]));

        cut.Find("[data-rule=rule2] [data-testid=rule-kind]").Change(nameof(RuleKind.IdBirthDate));
        Assert.Equal("""{"id":"rule2","kind":"idBirthDate","idField":"mother.idNumber","dateField":"child.birthDate"}""".Replace("child.idNumber", raised[shipped + 1].IdField, StringComparison.Ordinal), Json(raised[shipped + 1]));
        Assert.Equal(FieldType.IdNumber, form.FindField(raised[shipped + 1].IdField)!.Value.Field.Type);

        cut.Find("[data-rule=rule] [data-testid=rule-remove]").Click();
        Assert.DoesNotContain(raised, r => r.Id == "rule");
    }

    [Fact]
    public void RoundTrip_EveryShippedRule_IsLossless()
    {
        var count = 0;
        foreach (var bundle in UiTestContext.Catalog.Value.Latest)
        {
            var source = JsonNode.Parse(UiTestContext.Catalog.Value.SourceOf(bundle.Id, bundle.Version)!)!;
            var rules = source["form"]?["rules"]?.AsArray() ?? [];
            for (var i = 0; i < rules.Count; i++)
            {
                var rule = bundle.Form.Rules[i];
                Assert.True(RuleRows.CanShow(rule, bundle.Form), rule.Id);
                var back = JsonNode.Parse(Json(RuleRows.ToRule(RuleRows.FromRule(rule), bundle.Form)));
                Assert.True(JsonNode.DeepEquals(rules[i], back), $"{bundle.Id}/{rule.Id}: {rules[i]!.ToJsonString()} became {back!.ToJsonString()}");
                count++;
            }
        }

        Assert.True(count >= 7, $"only {count} shipped rules");
    }

    [Fact]
    public void RoundTrip_ThroughTheEditor_LeavesEveryShippedBundlesRulesAsTheyWere()
    {
        foreach (var bundle in UiTestContext.Catalog.Value.Latest)
        {
            var form = Draft(bundle.Id).Form;
            var before = Json(form.Rules);
            List<FormRule>? raised = null;
            var cut = Render(form, r => raised = r);
            if (form.Rules.Count == 0)
            {
                continue;
            }

            // An edit that changes nothing raises the rules as they were.
            cut.Find("[data-testid=rule-message-zh]").Change(form.Rules[0].Message?.Zh ?? string.Empty);
            Assert.Equal(before, Json(raised));
        }
    }

    [Fact]
    public void Render_ARuleWithAPropertyItsKindDoesNotUse_OpensTheJsonViewWithANote()
    {
        var form = Draft("newborn").Form;
        form.Rules = Rules("""[{"id":"odd","kind":"minAge","idField":"mother.idNumber","years":16,"field":"child.birthDate"}]""");
        var cut = Render(form, _ => { });

        Assert.Contains("只能在 JSON 中修改", cut.Find("[data-testid=rules-note]").TextContent, StringComparison.Ordinal);
        Assert.Contains("\"field\": \"child.birthDate\"", cut.Find("textarea").TextContent + cut.Find("textarea").GetAttribute("value"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=rule-row]"));
    }

    [Fact]
    public void Render_ARuleOfAnUnknownKind_OpensTheJsonViewWithANote()
    {
        var form = Draft("newborn").Form;
        form.Rules = Rules("""[{"id":"odd","kind":42,"field":"child.birthDate"}]""");
        var cut = Render(form, _ => { });

        Assert.NotNull(cut.Find("[data-testid=rules-note]"));
        Assert.Empty(cut.FindAll("[data-testid=rule-row]"));
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
