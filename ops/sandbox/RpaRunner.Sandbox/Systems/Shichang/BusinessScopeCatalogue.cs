namespace RpaRunner.Sandbox.Systems.Shichang;

/// <summary>How an item of the business scope may be registered (经营范围规范表述目录's 一般项目 / 许可项目).</summary>
internal enum ScopeItemKind
{
    /// <summary>一般项目: registered as it is.</summary>
    General,

    /// <summary>许可项目 (后置): registered now, operated once the permit is granted.</summary>
    Permit,

    /// <summary>前置许可: only with the permit in hand; this counter refuses it.</summary>
    PriorPermit,
}

internal sealed record ScopeItem(string Code, string Name, ScopeItemKind Kind);

/// <summary>
/// The standard business-scope items 市场监管 registers (a small sample in the style of 经营范围规范表述目录: item code
/// and standard wording; the codes are samples, not the official ones). A scope is given as codes (or standard
/// wordings) separated by commas or 、；; anything else is refused. Served at <c>/catalogue/business-scope</c>.
/// </summary>
internal static class BusinessScopeCatalogue
{
    public static IReadOnlyList<ScopeItem> Items { get; } =
    [
        new("1040101", "软件开发", ScopeItemKind.General),
        new("1040102", "信息技术咨询服务", ScopeItemKind.General),
        new("1040103", "数据处理和存储支持服务", ScopeItemKind.General),
        new("1040104", "信息系统集成服务", ScopeItemKind.General),
        new("1050101", "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", ScopeItemKind.General),
        new("1060101", "企业管理咨询", ScopeItemKind.General),
        new("1060102", "市场营销策划", ScopeItemKind.General),
        new("1060103", "广告设计、代理", ScopeItemKind.General),
        new("1070101", "日用百货销售", ScopeItemKind.General),
        new("1070102", "食品销售（仅销售预包装食品）", ScopeItemKind.General),
        new("1080101", "餐饮管理", ScopeItemKind.General),
        new("1090101", "组织文化艺术交流活动", ScopeItemKind.General),
        new("2010101", "食品销售", ScopeItemKind.Permit),
        new("2010102", "餐饮服务", ScopeItemKind.Permit),
        new("2020101", "第二类增值电信业务", ScopeItemKind.Permit),
        new("3010101", "吸收公众存款", ScopeItemKind.PriorPermit),
        new("3010102", "发放贷款", ScopeItemKind.PriorPermit),
        new("3020101", "危险化学品经营", ScopeItemKind.PriorPermit),
    ];

    private static readonly char[] s_separators = [',', '，', '、', ';', '；'];

    /// <summary>The items of a scope, or the first entry that is not in the catalogue.</summary>
    public static (IReadOnlyList<ScopeItem> Items, string? Unknown) Parse(string scope)
    {
        var items = new List<ScopeItem>();
        foreach (var entry in scope.Split(s_separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var item = Items.FirstOrDefault(i => i.Code == entry || i.Name == entry);
            if (item is null)
            {
                return (items, entry);
            }

            items.Add(item);
        }

        return (items, null);
    }
}
