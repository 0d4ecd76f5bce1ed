using System.Text;
using Razors.Customers.Features.BulkImport;
using Razors.Customers.Ports;

namespace Razors.Customers.Tests.Unit;

public sealed class when_an_import_file_is_checked
{
    private const string Header = "name,email,state,city,postcode";

    private static CsvFileCheck Check(string text) => CustomerCsv.Check(Encoding.UTF8.GetBytes(text));

    private static CsvFileCheck.Refused Refused(string text) => Assert.IsType<CsvFileCheck.Refused>(Check(text));

    private static List<CsvRow> Rows(string text) => [.. CustomerCsv.ReadRows(new MemoryStream(Encoding.UTF8.GetBytes(text)))];

    [Theory]
    [InlineData("name,email,state,city,postcode\nAda,ada@example.com,Greater London,London,SW1A 1AA\n")]
    [InlineData("name,email,state,city,postcode\r\nAda,ada@example.com,Greater London,London,SW1A 1AA\r\n")]
    [InlineData("\uFEFFname,email,state,city,postcode\nAda,ada@example.com,Greater London,London,SW1A 1AA")]
    [InlineData("Postcode , CITY,State,Email,NAME\nSW1A 1AA,London,Greater London,ada@example.com,Ada\n")]
    [InlineData("name,email,state,city,postcode\n\"Lovelace, Ada\",ada@example.com,Greater London,London,\"SW1A 1AA\"\n")]
    public void a_well_formed_file_is_accepted_with_its_row_count(string text)
    {
        Assert.Equal(new CsvFileCheck.Accepted(1), Check(text));
    }

    [Fact]
    public void columns_are_read_by_the_header_in_any_order_and_quoting_is_rfc_4180()
    {
        var row = Assert.Single(Rows("city,name,email,state,postcode\r\nLondon,\"Ada \"\"Countess\"\" Lovelace\",ada@example.com,Greater London,SW1A 1AA\r\n"));

        Assert.Equal(2, row.Line);
        Assert.Null(row.Rejection);
        Assert.Equal("Ada \"Countess\" Lovelace", row.Fields!["name"]);
        Assert.Equal("London", row.Fields["city"]);
    }

    [Fact]
    public void blank_lines_are_skipped_and_rows_keep_their_line_numbers()
    {
        var rows = Rows($"{Header}\na,a@example.com,S,C,P1\n\nb,b@example.com,S,C,P2\n");

        Assert.Equal([2, 4], rows.Select(r => r.Line));
    }

    [Fact]
    public void an_empty_file_is_refused()
    {
        Assert.Equal("The file is empty.", Refused("").Title);
        Assert.Equal("The file is empty.", Refused("\uFEFF").Title);
    }

    [Fact]
    public void a_header_without_rows_is_refused()
    {
        Assert.Equal("The file has no rows.", Refused(Header + "\n").Title);
    }

    [Theory]
    [InlineData("Ada,ada@example.com,Greater London,London,SW1A 1AA\n", "'ada'")]
    [InlineData("name,email,state,city\nAda,ada@example.com,Greater London,London\n", "lacks 'postcode'")]
    [InlineData("name,email,phone,state,city,postcode\nAda,a@example.com,1,S,C,P\n", "'phone'")]
    [InlineData("name,email,email,state,city,postcode\nAda,a@example.com,b@example.com,S,C,P\n", "'email' more than once")]
    [InlineData("{\"name\":\"Ada\"}\n", "not columns of an import")]
    public void a_file_whose_first_line_is_not_the_header_is_refused_naming_what_is_wrong(string text, string named)
    {
        var refused = Refused(text);

        Assert.Equal("The header does not name the import's columns.", refused.Title);
        Assert.Contains(named, refused.Detail, StringComparison.Ordinal);
        Assert.Equal(1, refused.Line);
    }

    [Fact]
    public void mixed_line_endings_are_refused_at_the_first_line_that_differs()
    {
        var refused = Refused($"{Header}\r\na,a@example.com,S,C,P\nb,b@example.com,S,C,P\r\n");

        Assert.Equal("The file mixes line endings.", refused.Title);
        Assert.Equal(2, refused.Line);
    }

    [Fact]
    public void bare_carriage_returns_are_refused()
    {
        Assert.Equal("The file ends its lines with a bare CR.", Refused($"{Header}\ra,a@example.com,S,C,P\r").Title);
    }

    [Fact]
    public void an_embedded_nul_is_refused_with_its_line()
    {
        var refused = Refused($"{Header}\na,a@example.com,S,C,P\nb\0,b@example.com,S,C,P\n");

        Assert.Equal("The file holds a NUL character.", refused.Title);
        Assert.Equal(3, refused.Line);
    }

    [Fact]
    public void a_file_that_is_not_utf8_is_refused()
    {
        var latin1 = Encoding.Latin1.GetBytes($"{Header}\nJosé,jose@example.com,S,C,P\n");

        Assert.Equal("The file is not UTF-8 text.", Assert.IsType<CsvFileCheck.Refused>(CustomerCsv.Check(latin1)).Title);
    }

    [Fact]
    public void a_quoted_field_spanning_lines_is_refused_at_the_line_it_starts()
    {
        var refused = Refused($"{Header}\na,a@example.com,S,C,P\n\"b\nc\",b@example.com,S,C,P\n");

        Assert.Equal("A quoted field spans lines.", refused.Title);
        Assert.Equal(3, refused.Line);
    }

    [Fact]
    public void a_quote_that_is_never_closed_is_refused()
    {
        Assert.Equal("A quoted field spans lines.", Refused($"{Header}\n\"a,a@example.com,S,C,P\nb,b@example.com,S,C,P\n").Title);
    }

    [Fact]
    public void fifty_thousand_rows_are_accepted_and_one_more_is_refused()
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < CustomerCsv.MaxRows; i++)
        {
            text.Append("a,a").Append(i).Append("@example.com,S,C,P\n");
        }

        Assert.Equal(new CsvFileCheck.Accepted(CustomerCsv.MaxRows), Check(text.ToString()));

        var refused = Refused(text.Append("z,z@example.com,S,C,P\n").ToString());
        Assert.Equal("The file has too many rows.", refused.Title);
        Assert.Equal(CustomerCsv.MaxRows + 2, refused.Line);
    }

    [Fact]
    public void a_row_with_the_wrong_number_of_fields_is_rejected_alone()
    {
        var rows = Rows($"{Header}\na,a@example.com,S,C\nb,b@example.com,S,C,P,extra\nc,c@example.com,S,C,P\n");

        Assert.Equal(new ImportRejection(ImportRejection.WholeRow, "has 4 fields; the header names 5."), rows[0].Rejection);
        Assert.Equal(new ImportRejection(ImportRejection.WholeRow, "has 6 fields; the header names 5."), rows[1].Rejection);
        Assert.Null(rows[2].Rejection);
        Assert.Equal(new CsvFileCheck.Accepted(3), Check($"{Header}\na,a@example.com,S,C\nb,b@example.com,S,C,P,extra\nc,c@example.com,S,C,P\n"));
    }

    [Theory]
    [InlineData("Ada \"Countess\" Lovelace,a@example.com,S,C,P", "a double quote inside an unquoted field")]
    [InlineData("\"Ada\" Lovelace,a@example.com,S,C,P", "text after a closing quote")]
    public void a_row_with_broken_quoting_is_rejected_alone(string line, string reason)
    {
        var rows = Rows($"{Header}\n{line}\nb,b@example.com,S,C,P\n");

        Assert.Equal(ImportRejection.WholeRow, rows[0].Rejection!.Field);
        Assert.Contains(reason, rows[0].Rejection!.Reason, StringComparison.Ordinal);
        Assert.Equal(2, rows[0].Line);
        Assert.Null(rows[1].Rejection);
        Assert.Equal(3, rows[1].Line);
    }

    [Fact]
    public void the_import_id_is_the_same_for_the_same_bytes_and_differs_for_others()
    {
        var a = ImportIds.Of(Encoding.UTF8.GetBytes($"{Header}\na,a@example.com,S,C,P\n"));

        Assert.True(ImportIds.IsValid(a));
        Assert.Equal(a, ImportIds.Of(Encoding.UTF8.GetBytes($"{Header}\na,a@example.com,S,C,P\n")));
        Assert.NotEqual(a, ImportIds.Of(Encoding.UTF8.GetBytes($"{Header}\nb,a@example.com,S,C,P\n")));
        Assert.Equal(a, ImportFiles.ImportIdOf(ImportFiles.KeyOf(a)));
        Assert.Null(ImportFiles.ImportIdOf("imports/../x.csv"));
    }
}
