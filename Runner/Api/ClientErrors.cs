using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace RpaRunner.Runner.Api;

/// <summary>
/// The one home of how requests are read strictly: a caller's mistake (a body too large, not JSON, malformed, with a
/// key twice, of the wrong shape, or a parameter that does not parse) is answered with a 4xx problem details on every
/// endpoint, never a 500. The framework finds these mistakes while it binds parameters; here they are turned into
/// problem details that say what was wrong.
/// </summary>
public static class ClientErrors
{
    /// <summary>The largest request body the runner reads (a unified form is a few KiB).</summary>
    public const long MaxRequestBodyBytes = 256 * 1024;

    public static IServiceCollection AddClientErrors(this IServiceCollection services)
    {
        services.AddExceptionHandler<ClientErrorExceptionHandler>();

        // Binding failures throw (instead of a bare status) so the handler can say what was wrong with the body.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        // A key given twice in one object is ambiguous (which one counts?); it is refused, not resolved silently.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.AllowDuplicateProperties = false);
        return services;
    }

    /// <summary>
    /// Refuses a body over the limit (413) before an endpoint reads it: at once when its declared length says so, and a
    /// streamed (chunked) body by reading it here first, within the server's limit, and handing it on rewound. Endpoints
    /// then never meet a body too large half way through binding, where the framework would not say 413.
    /// </summary>
    public static IApplicationBuilder UseClientErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var limit = BodyLimitOf(context);
        if (request.ContentLength > limit)
        {
            await TooLarge(limit).ExecuteAsync(context);
            return;
        }

        if (RefuseOtherCharsets(request) is { } unsupported)
        {
            await unsupported.ExecuteAsync(context);
            return;
        }

        if (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0)
        {
            request.EnableBuffering();
            try
            {
                await request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            }
            catch (BadHttpRequestException refused) when (refused.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await TooLarge(limit).ExecuteAsync(context);
                return;
            }

            request.Body.Position = 0;
        }

        await next(context);
    });

    private const string NotValidJsonTitle = "The request body is not valid JSON of the expected shape.";

    /// <summary>
    /// JSON is exchanged in UTF-8 (RFC 8259): a JSON body declared in another charset is refused (415) rather than
    /// failing inside the framework, and a quoted "utf-8" (valid HTTP the framework cannot read) is written plainly.
    /// </summary>
    private static IResult? RefuseOtherCharsets(HttpRequest request)
    {
        if (!request.HasJsonContentType() || !MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.Charset.Value is not { } declared)
        {
            return null;
        }

        if (string.Equals(HeaderUtilities.RemoveQuotes(declared).Value, "utf-8", StringComparison.OrdinalIgnoreCase))
        {
            request.ContentType = $"{type.MediaType}; charset=utf-8";
            return null;
        }

        return Results.Problem(
            title: "The request body's charset is not supported.",
            detail: "JSON request bodies are UTF-8 (RFC 8259); send charset=utf-8 or no charset.",
            statusCode: StatusCodes.Status415UnsupportedMediaType);
    }

    /// <summary>
    /// The body limit of the request's endpoint: <see cref="MaxRequestBodyBytes"/>, or the larger one an endpoint that takes
    /// files declares (<c>WithMetadata(new RequestSizeLimitAttribute(…))</c>), which the server then applies to this request.
    /// </summary>
    private static long BodyLimitOf(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize is not { } declared)
        {
            return MaxRequestBodyBytes;
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = declared;
        }

        return declared;
    }

    private static IResult TooLarge(long limit) => Results.Problem(
        title: "The request body is too large.",
        detail: $"A request body may be at most {limit / 1024} KiB.",
        statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <summary>Problem details for a request the server refused while reading it (413, 415, 400 for a body or parameter that does not bind).</summary>
    private sealed class ClientErrorExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException refused || httpContext.Response.HasStarted)
            {
                return false;
            }

            var status = refused.StatusCode;
            httpContext.Response.StatusCode = status;
            var problem = new ProblemDetails
            {
                Status = status,
                Title = status switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                    StatusCodes.Status415UnsupportedMediaType => "The request body's media type is not the one this endpoint reads (application/json for the API).",
                    _ when FindJsonError(refused) is not null => NotValidJsonTitle,
                    _ => "The request is not valid.",
                },
                Detail = status == StatusCodes.Status413PayloadTooLarge
                    ? $"A request body may be at most {MaxRequestBodyBytes / 1024} KiB."
                    : FindJsonError(refused)?.Message ?? refused.Message,
            };

            // When the client accepts no JSON the status alone answers it.
            await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
            return true;
        }

        /// <summary>The parser's own words (where in the body, what it expected); they name paths and positions, never values.</summary>
        private static JsonException? FindJsonError(Exception exception) => exception switch
        {
            null => null,
            JsonException json => json,
            _ => FindJsonError(exception.InnerException!),
        };
    }
}
