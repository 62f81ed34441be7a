using System.Text.Json.Nodes;
using Kms.Cli.Output;

namespace Kms.Cli.Tests.Output;

public class TableWriterTests
{
    [Fact]
    public void A_table_off_a_terminal_is_plain_text_one_row_a_line_without_trailing_spaces()
    {
        var description = "a description far longer than any terminal's eighty columns, with [bold]brackets[/] kept as written";
        var output = new StringWriter { NewLine = "\n" };
        TableWriter.Write(output, ["KEY ID", "STATE", "DESCRIPTION"], [["k-1", "Enabled", description], ["k-22", "Disabled", ""]], terminal: false);

        Assert.Equal($"KEY ID  STATE     DESCRIPTION\nk-1     Enabled   {description}\nk-22    Disabled\n", output.ToString());
    }

    [Fact]
    public void Fields_are_names_and_values_two_spaces_past_the_longest_name_leaving_out_nulls()
    {
        var output = new StringWriter { NewLine = "\n" };
        TableWriter.WriteFields(output, new JsonObject { ["KeyId"] = "k-1", ["Description"] = null, ["PendingWindowInDays"] = 30, ["Aliases"] = new JsonArray("a", "b") }, terminal: false);

        Assert.Equal("KeyId                k-1\nPendingWindowInDays  30\nAliases              a, b\n", output.ToString());
    }
}
