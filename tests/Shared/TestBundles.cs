using System.Text.Json.Nodes;
using RpaRunner.Workflows.Catalog;

namespace RpaRunner.Tests.Shared;

/// <summary>Bundles the tests need beside the shipped ones (compiled into the test projects that use them).</summary>
public static class TestBundles
{
    /// <summary>
    /// One more retirement matter on a system that cannot be searched: the withdrawer's contact details, registered
    /// in the 公积金 counter's 联系方式变更登记 dialog (action declared <c>"idempotent": false</c>).
    /// </summary>
    public static JsonObject ContactStep(string dependsOn = "retirementApproval") => new()
    {
        ["id"] = "contact",
        ["matter"] = new JsonObject { ["zh"] = "登记提取人联系方式", ["en"] = "Register the withdrawer's contact details" },
        ["department"] = "市公积金中心",
        ["system"] = "gongjijin-contact",
        ["action"] = "gongjijin-contact.registerContact",
        ["dependsOn"] = new JsonArray(dependsOn),
        ["inputs"] = new JsonObject { ["idNumber"] = "form.applicant.idNumber", ["name"] = "form.applicant.name", ["phone"] = "form.applicant.phone" },
        ["outputs"] = new JsonArray(),
    };

    /// <summary>The shipped retirement bundle this suite was written for (the highest shipped version).</summary>
    public const int ShippedRetirementVersion = 2;

    /// <summary>
    /// Retirement version 1 (its 公积金 withdrawal is entered in the counter client, a desktop window) published as
    /// <paramref name="version"/> with the withdrawer's 身份证扫描件 declared as a material of that step, so the desktop bot
    /// gets it to upload through the client's file dialog. Required, and 容缺 allowed as the newborn's certificate is.
    /// </summary>
    public static string RetirementWithIdCardScan(int version = ShippedRetirementVersion + 1)
    {
        var bundle = JsonNode.Parse(BundleCatalog.LoadEmbedded().SourceOf("retirement", 1)!)!.AsObject();
        bundle["version"] = version;
        bundle["materials"] = new JsonArray(new JsonObject
        {
            ["id"] = "idCardScan",
            ["name"] = new JsonObject { ["zh"] = "身份证扫描件", ["en"] = "ID card scan" },
            ["steps"] = new JsonArray("housingFund"),
            ["required"] = true,
            ["deferrable"] = true,
            ["deferralDays"] = 5,
            ["types"] = new JsonArray("pdf", "jpeg", "png"),
            ["maxSizeMb"] = 5,
        });
        return bundle.ToJsonString();
    }

    /// <summary>
    /// The shipped retirement bundle (<paramref name="retirementSource"/>, by default its latest version) published as
    /// <paramref name="version"/>, one above the shipped ones, with <see cref="ContactStep"/> added.
    /// </summary>
    public static string RetirementWithContactStep(int version = ShippedRetirementVersion + 1, string? retirementSource = null)
    {
        var bundle = JsonNode.Parse(retirementSource ?? BundleCatalog.LoadEmbedded().SourceOf("retirement", ShippedRetirementVersion)!)!.AsObject();
        bundle["version"] = version;
        bundle["steps"]!.AsArray().Add(ContactStep());
        return bundle.ToJsonString();
    }
}
