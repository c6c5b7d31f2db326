using System.Text.Json.Nodes;

namespace RpaRunner.Tests.Shared;

/// <summary>
/// A department system nobody here wrote, as a designer would add it as data (ADR 0029): a sub-district office's permit
/// register (the page itself is served by the test that uses it), and a bundle that uses it.
/// </summary>
public static class TestSystems
{
    public const string PermitSystem = "jiedao-permits";
    public const string PermitAction = PermitSystem + ".registerPermit";

    /// <param name="permitPattern">The pattern of the permit number the register gives; null where a simulation stands in for the register and numbers its records its own way.</param>
    public static JsonObject PermitRegisterPackage(Uri address, bool withSearch, string? permitPattern = "^JD-[0-9]{4}$")
    {
        var script = new JsonObject
        {
            ["action"] = PermitAction,
            ["steps"] = new JsonArray(
                new JsonObject { ["goto"] = "/permits/new" },
                new JsonObject { ["fill"] = Targets(("css", "#externalNo"), ("label", "受理编号")), ["value"] = "{{key}}" },
                new JsonObject { ["fill"] = Targets(("css", "#holderName"), ("label", "申请人姓名")), ["value"] = "{{inputs.name}}" },
                new JsonObject { ["fill"] = Targets(("css", "#holderId"), ("label", "身份证号码")), ["value"] = "{{inputs.idNumber}}" },
                new JsonObject { ["click"] = Targets(("css", "#submit")), ["commit"] = true },
                new JsonObject { ["expect"] = Targets(("css", ".ok")), ["text"] = "登记成功" }),
            ["outputs"] = new JsonObject { ["permitNo"] = Targets(("css", "#permitNo")) },
        };
        if (withSearch)
        {
            script["searchBeforeCreate"] = new JsonObject
            {
                ["steps"] = new JsonArray(new JsonObject { ["goto"] = "/permits?externalNo={{key|url}}" }),
                ["found"] = new JsonArray(new JsonObject { ["role"] = "link", ["name"] = "查看" }),
                ["notFound"] = Targets(("css", ".empty")),
                ["open"] = new JsonArray(
                    new JsonObject { ["click"] = new JsonArray(new JsonObject { ["role"] = "link", ["name"] = "查看" }) },
                    new JsonObject { ["expect"] = Targets(("css", ".ok")) }),
            };
        }

        return new JsonObject
        {
            ["system"] = new JsonObject
            {
                ["id"] = PermitSystem,
                ["department"] = "街道办事处",
                ["kind"] = "web",
                ["pool"] = "web",
                ["name"] = new JsonObject { ["zh"] = "街道办事处许可登记系统", ["en"] = "Sub-district permit register" },
                ["baseUrl"] = address.ToString(),
                ["actions"] = new JsonArray(new JsonObject
                {
                    ["id"] = PermitAction,
                    ["name"] = new JsonObject { ["zh"] = "许可登记", ["en"] = "Register a permit" },
                    ["inputs"] = new JsonArray(
                        Field("name", "申请人姓名", "Applicant's name", "chineseName"),
                        Field("idNumber", "身份证号码", "ID number", "idNumber")),
                    ["outputs"] = new JsonArray(Field("permitNo", "许可编号", "Permit number", "text", permitPattern)),
                }),
            },
            ["script"] = new JsonObject { ["system"] = PermitSystem, ["businessError"] = new JsonArray(new JsonObject { ["role"] = "alert" }) },
            ["scripts"] = new JsonObject { [PermitAction] = script },
        };
    }

    public static JsonObject StreetPermitBundle() => new()
    {
        ["id"] = "street-permit",
        ["version"] = 1,
        ["name"] = new JsonObject { ["zh"] = "街道许可一件事", ["en"] = "Street permit" },
        ["casePrefix"] = "SP",
        ["leadDepartment"] = "街道办事处",
        ["form"] = new JsonObject
        {
            ["sections"] = new JsonArray(new JsonObject
            {
                ["id"] = "applicant",
                ["title"] = new JsonObject { ["zh"] = "申请人", ["en"] = "Applicant" },
                ["fields"] = new JsonArray(Field("idNumber", "身份证号码", "ID number", "idNumber"), Field("name", "姓名", "Name", "chineseName")),
            }),
        },
        ["steps"] = new JsonArray(new JsonObject
        {
            ["id"] = "permit",
            ["matter"] = new JsonObject { ["zh"] = "许可登记", ["en"] = "Permit registration" },
            ["department"] = "街道办事处",
            ["system"] = PermitSystem,
            ["action"] = PermitAction,
            ["inputs"] = new JsonObject { ["name"] = "form.applicant.name", ["idNumber"] = "form.applicant.idNumber" },
            ["outputs"] = new JsonArray("permitNo"),
            ["timeLimitDays"] = 1,
        }),
    };

    private static JsonObject Field(string id, string zh, string en, string type, string? pattern = null)
    {
        var field = new JsonObject { ["id"] = id, ["label"] = new JsonObject { ["zh"] = zh, ["en"] = en }, ["type"] = type, ["required"] = true };
        if (pattern is not null)
        {
            field["pattern"] = pattern;
        }

        return field;
    }

    private static JsonArray Targets(params (string Kind, string Value)[] targets) =>
        [.. targets.Select(t => (JsonNode)new JsonObject { [t.Kind] = t.Value })];
}
