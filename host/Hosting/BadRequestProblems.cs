using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using RiskTriggers.Engine.Settings;

namespace RiskTriggers.Host.Hosting;

/// <summary>
/// Answers the framework's binding failures (<see cref="BadHttpRequestException"/>: a query value of the wrong
/// kind, a body that is not JSON or not of the expected shape) with a 400 problem naming the field, e.g.
/// <c>errors.limit: ["expected a whole number, got \"abc\""]</c>; other statuses it carries (415, 413) keep their
/// status and get their detail from <see cref="HttpProblems"/>. The framework names the parameter only in its
/// message, which is read here, in one place, and pinned by tests.
/// </summary>
internal sealed partial class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
            return false;
        httpContext.Response.StatusCode = bad.StatusCode;
        var problem = bad.StatusCode == StatusCodes.Status400BadRequest ? Describe(httpContext, bad) : new ProblemDetails { Status = bad.StatusCode };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    private static HttpValidationProblemDetails Describe(HttpContext http, BadHttpRequestException bad)
    {
        var (field, reason) = Parameter().Match(bad.Message) is { Success: true } parameter
            ? Explain(parameter.Groups["name"].Value, parameter.Groups["type"].Value, bad, Body(http))
            : ("request", "could not be read");
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid request",
            Detail = $"{field}: {reason}. Fix it and send the request again (GET /openapi/v1.json describes every parameter).",
        };
    }

    private static (string Field, string Reason) Explain(string name, string type, BadHttpRequestException bad, Type? body)
    {
        if (bad.InnerException is JsonException json)
        {
            if (json.InnerException is JsonException syntax)
                return ("body", $"is not valid JSON at {JsonSyntax.Describe(syntax)}");
            // A value of the wrong kind: the path says where; the message names only the type around it.
            var path = json.Path?.TrimStart('$', '.') ?? "";
            return path.Length == 0 ? ("body", $"expected {Noun(type)}") : (path, $"expected {Noun(MemberType(body, path)?.Name ?? "")}");
        }
        if (Value().Match(bad.Message) is { Success: true } value)
            return (name, $"expected {Noun(type)}, got \"{value.Groups["value"].Value}\"");
        return (name, bad.Message.StartsWith("Required", StringComparison.Ordinal) ? "is required" : "could not be read");
    }

    /// <summary>The type the endpoint reads its body as; the failed endpoint is kept aside while the exception is handled.</summary>
    private static Type? Body(HttpContext http) =>
        http.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;

    /// <summary>The type of the member a JSON path (<c>outcome</c>, <c>a.b</c>) leads to in the body's type, if it is that simple.</summary>
    private static Type? MemberType(Type? type, string path)
    {
        foreach (var segment in path.Split('.'))
        {
            type = type?.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
            type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        }
        return type;
    }

    /// <summary>A type as the framework names it (<c>Nullable&lt;int&gt;</c>, <c>System.Int64</c>) in the words of an error message.</summary>
    private static string Noun(string type) => type.Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('?', '>').Replace("System.", "", StringComparison.Ordinal) switch
    {
        "int" or "long" or "short" or "Int32" or "Int64" or "Int16" => "a whole number",
        "double" or "decimal" or "float" or "Double" or "Decimal" or "Single" => "a number",
        "bool" or "Boolean" => "true or false",
        "string" or "String" => "text in double quotes",
        "DateTimeOffset" or "DateTime" => "a time such as 2026-11-25T10:00:00Z",
        "" => "another kind of value (GET /openapi/v1.json shows each field)",
        _ => "a JSON object",
    };

    // "Failed to bind parameter "Nullable<int> limit" from "abc"." / "Failed to read parameter "ResolveRequest body" from the request body as JSON."
    [GeneratedRegex("parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\"")]
    private static partial Regex Parameter();

    [GeneratedRegex("""from "(?<value>.*)"\.$""")]
    private static partial Regex Value();
}
