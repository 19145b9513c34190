using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using RiskTriggers.Host.Security;

namespace RiskTriggers.Host.Hosting;

/// <summary>
/// What data annotations on the root cannot see: the nested delivery options and the API keys (roles known,
/// agent keys bound to an agent, no key twice). Every failure is reported, not just the first.
/// </summary>
internal sealed class RiskTriggersOptionsValidator : IValidateOptions<RiskTriggersOptions>
{
    public ValidateOptionsResult Validate(string? name, RiskTriggersOptions options)
    {
        var failures = new List<string>();
        Annotations(options.Delivery, "Delivery", failures);
        Annotations(options.Delivery.Webhooks, "Delivery.Webhooks", failures);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var at = $"ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Key) || key.Key.Length < ApiKeyOptions.MinKeyLength)
                failures.Add($"{at}:Key must be at least {ApiKeyOptions.MinKeyLength} characters");
            else if (!seen.Add(key.Key))
                failures.Add($"{at}:Key is used twice; each key must be unique");
            if (!Roles.IsKnown(key.Role))
                failures.Add($"{at}:Role '{key.Role}' is not a role; expected one of {string.Join(", ", Roles.All)}");
            if (key.Role == Roles.Agent && string.IsNullOrWhiteSpace(key.AgentId))
                failures.Add($"{at}:AgentId is required for role 'agent'");
        }
        try
        {
            Rules.Models.ModelChoice.Parse(options.DissatisfactionModel);
        }
        catch (Engine.Dissatisfaction.ModelFileException ex)
        {
            failures.Add($"DissatisfactionModel: {ex.Message}");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Annotations(object target, string prefix, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(target, new ValidationContext(target), results, validateAllProperties: true))
            return;
        failures.AddRange(results.Select(r => $"{prefix}.{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
    }
}
