using System.Text.Json.Serialization;

namespace RpaRunner.Bots.Recorder;

/// <summary>
/// What the recorder in the page saw the designer do, as the page reports it: the kind of action and the facts about
/// the element it was done on. The page only observes; which of those facts become targets, and in what order, is
/// decided on this side (<see cref="Recording"/>), where it can be tested without a browser.
/// </summary>
public sealed class RecordedEvent
{
    /// <summary>click, fill, select, check, press (Enter in a field), output, found (the search's record marker).</summary>
    public required string Kind { get; set; }

    /// <summary>The page's address when it happened.</summary>
    public string? Url { get; set; }

    public RecordedElement Element { get; set; } = new();

    /// <summary>For fill and select: what the designer typed or picked (a select's option code). For press: the key.</summary>
    public string? Value { get; set; }

    /// <summary>For select: the option's visible text.</summary>
    public string? OptionText { get; set; }

    /// <summary>For click: the designer marked this click as the one that stores the record.</summary>
    public bool Commit { get; set; }
}

/// <summary>The facts about one element the recorder gathers in the page, each a possible target.</summary>
public sealed class RecordedElement
{
    /// <summary>Lower-case tag name (input, button, a, select, td, …).</summary>
    public string Tag { get; set; } = "";

    /// <summary>The input's type (text, checkbox, submit, …), when it is an input.</summary>
    public string? Type { get; set; }

    /// <summary>The element's id, when it has one that is unique on its page.</summary>
    public string? Id { get; set; }

    /// <summary>The text of the label the element is named by (label[for], aria-label, aria-labelledby).</summary>
    public string? Label { get; set; }

    /// <summary>Its ARIA role, explicit or implicit (button, link, checkbox, textbox, combobox, radio).</summary>
    public string? Role { get; set; }

    /// <summary>Its accessible name as a screen reader would announce it.</summary>
    public string? Name { get; set; }

    /// <summary>data-testid.</summary>
    public string? TestId { get; set; }

    /// <summary>Its visible text (buttons, links, cells), cut short.</summary>
    public string? Text { get; set; }

    /// <summary>For a value cell: the text of the label in front of it (a th before a td, a dt before a dd).</summary>
    public string? LabelBefore { get; set; }

    /// <summary>Whether the element sits inside a frame; the recorder names such steps for the designer to check.</summary>
    [JsonPropertyName("inFrame")]
    public bool InFrame { get; set; }
}
