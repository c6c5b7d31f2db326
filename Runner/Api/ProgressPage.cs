using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using RpaRunner.Designer.Access;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Runner.Api;

/// <summary>
/// The public progress page (<see cref="PublicProgress.Path"/>): an applicant types the case code and the last four
/// digits of their mobile and sees the bundle, each department's matter in plain words and the due date — no name,
/// ID number, phone or form value. A wrong pair reads exactly like an unknown code; each client address may ask
/// <see cref="ProgressOptions.DefaultPermitsPerMinute"/> times a minute ("Progress:PermitsPerMinute"). Nothing typed here is logged.
/// </summary>
public static class ProgressPage
{
    public const string RateLimitPolicy = "public-progress";

    // Chinese stays readable in the source; markup characters are still encoded.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static IServiceCollection AddProgressPage(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("Progress:PermitsPerMinute", ProgressOptions.DefaultPermitsPerMinute);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = (context, token) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return new ValueTask(WritePageAsync(context.HttpContext.Response, null, null, Notice("查询过于频繁，请一分钟后再试。"), token));
            };
        });
        return services;
    }

    public static IEndpointRouteBuilder MapProgressPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(PublicProgress.Path, ShowAsync).AllowAnonymous().RequireRateLimiting(RateLimitPolicy).ExcludeFromDescription();
        return app;
    }

    private static async Task ShowAsync(HttpContext http, CaseQueries queries, BundleCatalog catalog, BureauClock clock, string? code, string? phone4)
    {
        var response = http.Response;
        var ct = http.RequestAborted;
        if (string.IsNullOrWhiteSpace(code) && string.IsNullOrWhiteSpace(phone4))
        {
            await WritePageAsync(response, null, null, string.Empty, ct);
            return;
        }

        code = code?.Trim().ToUpperInvariant() ?? string.Empty;
        phone4 = phone4?.Trim() ?? string.Empty;
        if (code.Length == 0)
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            await WritePageAsync(response, code, phone4, Notice("请输入办件编码（见受理回执）。"), ct);
            return;
        }

        if (phone4.Length != 4 || !phone4.All(char.IsAsciiDigit))
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            await WritePageAsync(response, code, phone4, Notice("手机号码后四位应为 4 位数字。"), ct);
            return;
        }

        var found = code.Length <= 40 && code.All(char.IsAsciiLetterOrDigit) ? await queries.GetAsync(code, CaseScope.All, ct) : null;
        var bundle = found is null ? null : catalog.Find(found.BundleId, found.BundleVersion);
        var phone = bundle is null ? null : ApplicantFields.ValueAt(found!.Form, ApplicantFields.PhonePath(bundle.Form));
        if (!SameLastFour(phone, phone4) || found is null || bundle is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            await WritePageAsync(response, code, null, Notice("未查到该办件：请核对办件编码和手机号码后四位。"), ct);
            return;
        }

        await WritePageAsync(response, code, null, Result(found, bundle, clock), ct);
    }

    /// <summary>Compares the last four digits in constant time; an unknown case still costs one comparison.</summary>
    private static bool SameLastFour(string? phone, string phone4)
    {
        var digits = new string((phone ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        var last = digits.Length >= 4 ? digits[^4..] : "----";
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(last), Encoding.ASCII.GetBytes(phone4)) && phone is not null;
    }

    /// <summary>A matter's state in the words an applicant reads.</summary>
    public static string PlainStatus(CaseStatus caseStatus, StepView step) => step.Status switch
    {
        _ when caseStatus == CaseStatus.Cancelled && !step.Status.IsTerminal() => "已撤件",
        StepStatus.Succeeded when !step.IsOutdated => "已办结",
        StepStatus.Skipped => "无需办理",
        StepStatus.Cancelled => "已撤件",
        StepStatus.WaitingForPerson when step.ErrorClass == FailureClass.NeedsApplicant => "需补正",
        StepStatus.Pending or StepStatus.Ready when step.Attempt == 0 && step.AmendAction is null => "已受理",
        _ => "办理中",
    };

    private static string CaseStatusText(CaseStatus status) => status switch
    {
        CaseStatus.Completed => "已办结",
        CaseStatus.Cancelled => "已撤件",
        CaseStatus.WaitingForApplicant => "需补正：请携带受理回执到受理窗口",
        _ => "办理中",
    };

    private static string Result(CaseView found, Workflows.Model.BundleDefinition bundle, BureauClock clock)
    {
        var rows = new StringBuilder();
        foreach (var definition in bundle.Steps)
        {
            if (found.Steps.FirstOrDefault(s => s.StepId == definition.Id) is not { } step)
            {
                continue;
            }

            var status = PlainStatus(found.Status, step);
            rows.Append(CultureInfo.InvariantCulture, $"<tr data-step=\"{Html.Encode(definition.Id)}\"><td>{Html.Encode(definition.Department ?? string.Empty)}</td><td>{Html.Encode(definition.Matter.Zh)}</td><td class=\"status\" data-status=\"{Html.Encode(status)}\">{Html.Encode(status)}</td></tr>");
        }

        var due = found.DeadlineAt is { } d ? clock.ToLocal(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "—";
        return $"""
            <section data-testid="progress-result">
              <h2>{Html.Encode(bundle.Name.Zh)}</h2>
              <p>办件编码：<b>{Html.Encode(found.Code)}</b> · 当前状态：<b data-testid="case-status">{Html.Encode(CaseStatusText(found.Status))}</b></p>
              <p>承诺办结日期：<b data-testid="due">{Html.Encode(due)}</b></p>
              <table><thead><tr><th>部门</th><th>事项</th><th>进度</th></tr></thead><tbody>{rows}</tbody></table>
              <p class="hint">如需补正或有疑问，请携带受理回执到受理窗口咨询。</p>
            </section>
            """;
    }

    private static string Notice(string text) => $"<p class=\"notice\" role=\"alert\" data-testid=\"progress-notice\">{Html.Encode(text)}</p>";

    private static Task WritePageAsync(HttpResponse response, string? code, string? phone4, string body, CancellationToken ct)
    {
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        var page = $$"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <meta name="robots" content="noindex" />
            <title>办件进度查询</title>
            <style>
              body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0; background: #f5f5f5; color: #222; }
              main { max-width: 720px; margin: 32px auto; background: #fff; padding: 24px 32px; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
              h1 { font-size: 1.5rem; margin-top: 0; } h2 { font-size: 1.2rem; }
              form { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; margin-bottom: 16px; }
              label { display: flex; flex-direction: column; font-size: .9rem; gap: 4px; }
              input { font-size: 1rem; padding: 6px 8px; border: 1px solid #bbb; border-radius: 4px; }
              button { font-size: 1rem; padding: 7px 20px; border: 0; border-radius: 4px; background: #1565c0; color: #fff; cursor: pointer; }
              table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #e0e0e0; padding: 8px; text-align: left; }
              .notice { color: #b71c1c; } .hint { color: #666; font-size: .9rem; }
              td.status { font-weight: 600; }
            </style>
            </head>
            <body>
            <main>
              <h1>一件事一次办 · 办件进度查询</h1>
              <form method="get" action="{{PublicProgress.Path}}">
                <label>办件编码<input name="code" id="code" value="{{Html.Encode(code ?? string.Empty)}}" maxlength="40" autocomplete="off" required /></label>
                <label>申请人手机号码后四位<input name="phone4" id="phone4" value="{{Html.Encode(phone4 ?? string.Empty)}}" maxlength="4" inputmode="numeric" autocomplete="off" required /></label>
                <button type="submit">查询</button>
              </form>
              {{body}}
            </main>
            </body>
            </html>
            """;
        return response.WriteAsync(page, ct);
    }
}

/// <summary>Settings of the public progress page ("Progress").</summary>
public static class ProgressOptions
{
    /// <summary>How many queries one client address may make a minute ("Progress:PermitsPerMinute").</summary>
    public const int DefaultPermitsPerMinute = 10;
}
