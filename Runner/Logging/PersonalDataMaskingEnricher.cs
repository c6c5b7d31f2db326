using RpaRunner.Workflows.Privacy;
using Serilog.Core;
using Serilog.Events;

namespace RpaRunner.Runner.Logging;

/// <summary>
/// Masks personal data in every log event before any sink sees it: ID numbers, mobile numbers and bank
/// cards in any string property, names in properties whose name says they hold a name.
/// </summary>
public sealed class PersonalDataMaskingEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            var masked = Mask(name, value);
            if (!ReferenceEquals(masked, value))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, masked));
            }
        }
    }

    private static LogEventPropertyValue Mask(string name, LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string text } => MaskString(name, text) is var masked && masked != text ? new ScalarValue(masked) : value,
        SequenceValue sequence => new SequenceValue(sequence.Elements.Select(e => Mask(name, e))),
        StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Mask(p.Name, p.Value))), structure.TypeTag),
        DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(e => new KeyValuePair<ScalarValue, LogEventPropertyValue>(e.Key, Mask(e.Key.Value?.ToString() ?? name, e.Value)))),
        _ => value,
    };

    private static string MaskString(string name, string text) => PersonalDataMasker.MaskValue(name, text) ?? text;
}
