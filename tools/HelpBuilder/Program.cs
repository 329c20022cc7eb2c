using AttendanceTools.HelpBuilder;

// dotnet HelpBuilder.dll <module folder> <help markdown folder>
// A missing or incomplete page is a warning, never a failure: cmdlets and their pages arrive in
// separate changes, and the compliance tests are what insist on complete help.
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("Usage: HelpBuilder <module folder> <help markdown folder>");
    return 2;
}

var moduleFolder = Path.GetFullPath(args[0]);
var helpFolder = Path.GetFullPath(args[1]);
var moduleName = new DirectoryInfo(moduleFolder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)).Name;
var manifest = Path.Combine(moduleFolder, moduleName + ".psd1");
if (!File.Exists(manifest))
{
    await Console.Error.WriteLineAsync($"HelpBuilder: error: there is no module manifest at '{manifest}'.");
    return 1;
}

var commands = CommandMetadataReader.Read(manifest);
var pairs = new List<(CommandModel, HelpPage)>();
foreach (var command in commands)
{
    var file = Path.Combine(helpFolder, command.Name + ".md");
    if (!File.Exists(file))
    {
        Warn($"{command.Name} has no help page ({file}); its help shows syntax and parameter attributes only.");
        pairs.Add((command, HelpPage.Empty(command.Name)));
        continue;
    }
    var page = MarkdownHelpParser.Parse(command.Name, await File.ReadAllTextAsync(file));
    foreach (var problem in PageCheck.Problems(command, page)) Warn($"{file}: {problem}");
    pairs.Add((command, page));
}

var culture = Path.Combine(moduleFolder, "en-US");
Directory.CreateDirectory(culture);
var output = Path.Combine(culture, moduleName + ".dll-Help.xml");
MamlWriter.Write(output, pairs);
Console.WriteLine($"HelpBuilder: {commands.Count} cmdlet(s) -> {output}");
return 0;

static void Warn(string message) => Console.WriteLine("HelpBuilder: warning: " + message);
