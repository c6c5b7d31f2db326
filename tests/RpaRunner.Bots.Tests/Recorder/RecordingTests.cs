using System.Text.Json;
using RpaRunner.Bots.Recorder;
using RpaRunner.Bots.Scripts;
using RpaRunner.Workflows;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Bots.Tests.Recorder;

/// <summary>How recorded events become script steps: targets in the bot's order, placeholders by label, the commit point, the draft's problems.</summary>
public sealed class RecordingTests
{
    private static readonly SystemCatalog s_systems = SystemCatalog.LoadEmbedded();
    private static readonly Uri s_base = new("http://127.0.0.1:5301/");

    [Fact]
    public void Candidates_OfAField_AreItsIdThenItsLabel_AndAGeneratedIdIsLeftOut()
    {
        var field = new RecordedElement { Tag = "input", Type = "text", Id = "idNumber", Label = "公民身份号码", Role = "textbox", Name = "公民身份号码", TestId = "sfz" };
        Assert.Equal(["css=#idNumber", "label=公民身份号码", "testId=sfz"], TargetCandidates.ForAction(field).Select(t => t.ToString()));

        var generated = new RecordedElement { Tag = "input", Type = "text", Id = "ext-comp-10432", Label = "姓名", Role = "textbox", Name = "姓名" };
        Assert.Equal(["label=姓名"], TargetCandidates.ForAction(generated).Select(t => t.ToString()));
    }

    [Fact]
    public void Candidates_OfAButton_AreIdThenRoleAndNameThenTestIdThenText()
    {
        var button = new RecordedElement { Tag = "button", Id = "btnSubmit", Role = "button", Name = "提交", TestId = "submit", Text = "提交" };
        Assert.Equal(["css=#btnSubmit", "role=button name=提交", "testId=submit", "text=提交"], TargetCandidates.ForAction(button).Select(t => t.ToString()));

        // Content is not a name: a long text is no target, and an element with nothing else has no candidates at all.
        var paragraph = new RecordedElement { Tag = "div", Text = new string('很', 30) };
        Assert.Empty(TargetCandidates.ForAction(paragraph));
    }

    [Fact]
    public void Candidates_OfAnOutput_AreItsIdThenTheLabelBeforeIt_NeverItsValue()
    {
        var cell = new RecordedElement { Tag = "td", Id = "out_contributionProofNo", LabelBefore = "参保缴费证明编号", Text = "JF20261201000001", Role = "cell" };
        Assert.Equal(["css=#out_contributionProofNo", "valueAfterLabel=参保缴费证明编号"], TargetCandidates.ForOutput(cell).Select(t => t.ToString()));
    }

    [Fact]
    public void TypedValues_GetThePlaceholderTheirLabelNames_ExactBeforeResembling_AndUnknownLabelsStayLiteral()
    {
        var action = new SystemAction
        {
            Id = "renshe.test",
            Name = new LocalizedText("测试", "test"),
            Inputs = [Field("guardianName", "监护人姓名"), Field("name", "姓名"), Field("contributionBase", "缴费基数（元/月）"), Field("idNumber", "公民身份号码")],
        };
        var recording = new Recording(action, s_base);
        Assert.Equal("inputs.name", recording.Add(Fill("姓名", "张三")).Choice);
        Assert.Equal("inputs.guardianName", recording.Add(Fill("监护人姓名：", "李四")).Choice);
        Assert.Equal("inputs.contributionBase", recording.Add(Fill("* 缴费基数", "5000")).Choice);
        Assert.Equal("inputs.idNumber", recording.Add(Fill("身份号码", "11010519491231002X")).Choice);
        Assert.Equal("key", recording.Add(Fill("综窗受理编号", "CS1:a")).Choice);
        var remark = recording.Add(Fill("备注", "加急"));
        Assert.Null(remark.Choice);

        var steps = recording.ToScript().Steps;
        Assert.Equal(["{{inputs.name}}", "{{inputs.guardianName}}", "{{inputs.contributionBase}}", "{{inputs.idNumber}}", "{{key}}", "加急"], steps.Select(s => s.Value));
    }

    [Fact]
    public void TheDesignersPick_ReplacesThePreselection_OrKeepsTheLiteral_AndAPickTheActionDoesNotKnowIsRefused()
    {
        var recording = new Recording(s_systems.FindAction("renshe.certifyContributions")!, s_base);
        var name = recording.Add(Fill("姓名", "张三"));
        var other = recording.Add(Fill("经办人", "王五"));
        recording.Assign(other.Seq, "inputs.name");
        recording.Assign(name.Seq, "");
        Assert.Equal(["张三", "{{inputs.name}}"], recording.ToScript().Steps.Select(s => s.Value));
        Assert.Throws<ArgumentException>(() => recording.Assign(name.Seq, "inputs.nothing"));
    }

    [Fact]
    public void TypingIntoTheSameFieldAgain_CorrectsTheOneStep()
    {
        var recording = new Recording(s_systems.FindAction("renshe.certifyContributions")!, s_base);
        recording.Add(Fill("姓名", "张", id: "name"));
        recording.Add(Fill("姓名", "张三", id: "name"));
        var step = Assert.Single(recording.ToScript().Steps);
        Assert.Equal("{{inputs.name}}", step.Value);
        Assert.Equal(2, recording.Add(Fill("公民身份号码", "x", id: "idNumber")).Seq);
    }

    [Fact]
    public void TheFirstAddressIsAGoto_RelativeToTheSystem_AndTheCommitIsTheLastClickBeforeTheFirstOutput()
    {
        var recording = new Recording(s_systems.FindAction("renshe.certifyContributions")!, s_base);
        recording.PageLoaded("http://127.0.0.1:5301/biz/certifyContributions");
        recording.PageLoaded("http://127.0.0.1:5301/result/1");
        recording.Add(Fill("姓名", "张三"));
        recording.Add(Click("btnSubmit", "提交"));
        recording.Add(Click("btnOk", "确定"));
        recording.Add(Output("out_contributionProofNo", "参保缴费证明编号"));
        recording.Add(Click("btnPrint", "打印"));

        var script = recording.ToScript();
        Assert.Equal("/biz/certifyContributions", script.Steps[0].Goto);
        Assert.Equal(["goto", "fill", "click", "click", "click"], script.Steps.Select(s => s.Verb));
        Assert.Equal(3, script.CommitIndex);
        Assert.Single(script.Steps, s => s.Commit);
        Assert.Equal("#out_contributionProofNo", script.Outputs["contributionProofNo"][0].Css);
    }

    [Fact]
    public void AClickMarkedAsTheCommitPoint_IsIt()
    {
        var recording = new Recording(s_systems.FindAction("renshe.certifyContributions")!, s_base);
        recording.Add(Click("btnSubmit", "提交", commit: true));
        recording.Add(Click("btnOk", "确定"));
        recording.Add(Output("out_contributionMonths", "累计缴费月数"));
        var script = recording.ToScript();
        Assert.Equal(0, script.CommitIndex);
        Assert.True(script.Steps[0].Commit);
        Assert.False(script.Steps[1].Commit);
        Assert.Equal("contributionMonths", Assert.Single(script.Outputs).Key);
    }

    [Fact]
    public void EnterInAField_IsAPressOnIt_AfterItsValue_AndCanBeTheCommitPoint()
    {
        var recording = new Recording(s_systems.FindAction("renshe.certifyContributions")!, s_base);
        recording.Add(Fill("姓名", "张三", id: "name"));
        recording.Add(new RecordedEvent { Kind = "press", Value = "Enter", Element = new RecordedElement { Tag = "input", Type = "text", Id = "name", Label = "姓名" } });
        recording.Add(Output("out_contributionMonths", "累计缴费月数"));
        var script = recording.ToScript();
        Assert.Equal(["fill", "press"], script.Steps.Select(s => s.Verb));
        Assert.Equal("Enter", script.Steps[1].Press);
        Assert.Equal("css=#name", script.Steps[1].On![0].ToString());
        Assert.Equal(1, script.CommitIndex);
        Assert.Empty(ScriptLibrary.Validate(RecordedDraft.ToJson(script)));
    }

    [Fact]
    public void AnAddressOfAnotherHost_StaysAbsolute()
    {
        var recording = new Recording(s_systems.FindAction("renshe.certifyContributions")!, s_base);
        recording.PageLoaded("https://sso.example.gov.cn/start?x=1");
        Assert.Equal("https://sso.example.gov.cn/start?x=1", recording.ToScript().Steps[0].Goto);
    }

    [Fact]
    public void TheRecordedSearch_BecomesSearchBeforeCreate_WithFoundAndOpen()
    {
        var recording = new Recording(s_systems.FindAction("renshe.certifyContributions")!, s_base);
        recording.PageLoaded("http://127.0.0.1:5301/biz/certifyContributions");
        recording.Add(Fill("综窗受理编号", "CS1:a", id: "externalNo"));
        recording.Add(Click("btnOk", "确定"));
        recording.Switch(RecordingPhase.Search);
        recording.PageLoaded("http://127.0.0.1:5301/search");
        recording.Add(Fill("综窗受理编号", "CS1:a", id: "q_externalNo"));
        var kind = recording.Add(new RecordedEvent { Kind = "select", Value = "renshe.certifyContributions", Element = new RecordedElement { Tag = "select", Id = "q_actionId", Label = "业务类型", Role = "combobox" } });
        Assert.Equal("action", kind.Choice);
        recording.Add(Click("q_btn", "查询"));
        recording.Add(new RecordedEvent { Kind = "found", Element = new RecordedElement { Tag = "a", Role = "link", Name = "查看", Text = "查看" } });
        Assert.Equal(RecordingPhase.Open, recording.Phase);
        recording.PageLoaded("http://127.0.0.1:5301/search?externalNo=x");
        recording.Add(new RecordedEvent { Kind = "click", Element = new RecordedElement { Tag = "a", Role = "link", Name = "查看", Text = "查看" } });

        var script = recording.ToScript();
        var search = script.SearchBeforeCreate!;
        Assert.Equal(["goto", "fill", "select", "click"], search.Steps.Select(s => s.Verb));
        Assert.Equal("/search", search.Steps[0].Goto);
        Assert.Equal("{{action}}", search.Steps[2].Value);
        Assert.Equal(["role=link name=查看", "text=查看"], search.Found.Select(t => t.ToString()));
        Assert.Equal("click", Assert.Single(search.Open).Verb);
        Assert.Equal(["goto", "fill", "click"], script.Steps.Select(s => s.Verb));
        Assert.True(script.Steps[2].Commit);
    }

    [Fact]
    public void TheDraft_IsValidJsonOfTheSchema_AndSaysWhatIsMissing_InChineseAndEnglish()
    {
        var recording = new Recording(s_systems.FindAction("renshe.certifyContributions")!, s_base);
        recording.PageLoaded("http://127.0.0.1:5301/biz/certifyContributions");
        recording.Add(Fill("姓名", "张三", id: "name"));
        recording.Add(Click("btnSubmit", "提交"));
        recording.Add(Output("out_contributionProofNo", "参保缴费证明编号"));
        var draft = RecordedDraft.Of("renshe", recording.ToScript(), s_systems);

        Assert.Empty(ScriptLibrary.Validate(draft.Json));
        using var json = JsonDocument.Parse(draft.Json);
        Assert.DoesNotContain("\"exact\"", draft.Json, StringComparison.Ordinal);
        Assert.True(json.RootElement.GetProperty("steps")[2].GetProperty("commit").GetBoolean());

        // No search was recorded for an action that can be searched; one output and one required input were left out.
        Assert.Contains(draft.Problems, p => p.Contains("searchBeforeCreate", StringComparison.Ordinal));
        Assert.Contains(draft.Problems, p => p.Contains("contributionMonths", StringComparison.Ordinal) && p.Contains("未标记", StringComparison.Ordinal));
        Assert.Contains(draft.Problems, p => p.Contains("idNumber", StringComparison.Ordinal) && p.Contains("必填输入", StringComparison.Ordinal));
        Assert.DoesNotContain(draft.Problems, p => p.Contains("(name)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheFileSink_WritesTheDraftWhereAsked_WithItsProblemsBeside()
    {
        var folder = Directory.CreateTempSubdirectory("rpa-recordings-").FullName;
        try
        {
            var path = RecordedScriptFileSink.DefaultPath(folder, "renshe", "renshe.certifyContributions");
            Assert.Equal(Path.Combine(folder, "recordings", "renshe", "certifyContributions.json"), path);
            var where = await new RecordedScriptFileSink(path).SaveAsync(new RecordedDraft("renshe", "renshe.certifyContributions", "{}\n", ["a problem"]), CancellationToken.None);
            Assert.Equal("{}\n", await File.ReadAllTextAsync(where));
            Assert.Equal(["a problem"], await File.ReadAllLinesAsync(where + ".problems.txt"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static FormField Field(string id, string label) => new() { Id = id, Label = new LocalizedText(label, id) };

    private static RecordedEvent Fill(string label, string value, string? id = null) =>
        new() { Kind = "fill", Value = value, Element = new RecordedElement { Tag = "input", Type = "text", Id = id, Label = label, Role = "textbox", Name = label } };

    private static RecordedEvent Click(string id, string text, bool commit = false) =>
        new() { Kind = "click", Commit = commit, Element = new RecordedElement { Tag = "button", Id = id, Role = "button", Name = text, Text = text } };

    private static RecordedEvent Output(string id, string label) =>
        new() { Kind = "output", Element = new RecordedElement { Tag = "td", Id = id, LabelBefore = label, Role = "cell" } };
}
