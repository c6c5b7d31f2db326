using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Web;

namespace RpaRunner.Sandbox.Quirks;

/// <summary>
/// The adversity quirks in front of every page of one system: maintenance window (503 with notice), latency,
/// and random server errors (500). Static assets are exempt, as a web server serves them without the app, and so are the
/// test-only /lab pages (each test there asks for its own adversity).
/// </summary>
internal sealed class QuirkMiddleware(RequestDelegate next, SandboxRuntime runtime, string systemId)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/assets") || context.Request.Path.StartsWithSegments("/lab"))
        {
            await next(context);
            return;
        }

        var quirks = runtime.Quirks.Get(systemId);
        if (quirks.Maintenance || quirks.IsOutsideServiceHours(runtime.ChinaNow))
        {
            var notice = quirks.Maintenance ? quirks.MaintenanceNotice : $"本系统服务时间为每日{quirks.ServiceHours}，当前为非服务时间，请在服务时间内办理。";
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "600";
            await WriteAsync(context, PageChrome.StatusPage("系统维护公告", notice, "HTTP 503 Service Unavailable"));
            return;
        }

        var delay = runtime.SampleLatency(quirks);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, runtime.Clock, context.RequestAborted);
        }

        if (quirks.ErrorRate > 0 && runtime.NextDouble() < quirks.ErrorRate)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await WriteAsync(context, ServerErrorPage());
            return;
        }

        await next(context);
    }

    public static string ServerErrorPage() =>
        PageChrome.StatusPage("系统繁忙", "系统繁忙，请稍后重试。如多次出现请联系系统管理员。", "HTTP 500 - java.lang.NullPointerException at com.gov.biz.action.BaseAction.execute");

    public static Task WriteAsync(HttpContext context, string html)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html);
    }
}
