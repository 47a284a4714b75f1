package io.feedlake.cli;

import io.feedlake.FeedlakeException;
import io.feedlake.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/** {@code feedlake views apply}: create or replace the catalog views defined in jobs/views. */
@Command(
    name = "views",
    mixinStandardHelpOptions = true,
    subcommands = {ViewsCommand.Apply.class},
    description = {
      "Catalog views (the late-binding view pattern): jobs/views/<name>.sql holds the SELECT of view",
      "<report.views-database>.<name> (friendly names, code-to-label mappings, excluded-hit filters)."
    })
final class ViewsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: apply");
  }

  /** Creates or replaces every view; returns the views applied. */
  static List<String> apply(SparkSession spark, Settings settings) {
    Path dir = Paths.get(settings.report().viewsDir());
    List<String> applied = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return applied;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    } catch (IOException e) {
      throw FeedlakeException.usage("Cannot list views in " + dir + ": " + e.getMessage());
    }
    String db = settings.report().viewsDatabase();
    spark.sql("CREATE DATABASE IF NOT EXISTS `" + db + "`");
    for (Path f : files) {
      String name = f.getFileName().toString().replaceFirst("\\.sql$", "");
      String body;
      try {
        body = Files.readString(f, StandardCharsets.UTF_8).strip().replaceAll(";\\s*$", "");
      } catch (IOException e) {
        throw FeedlakeException.usage("Cannot read view " + f + ": " + e.getMessage());
      }
      try {
        spark.sql("CREATE OR REPLACE VIEW `" + db + "`.`" + name + "` AS\n" + body);
      } catch (Exception e) {
        if (e instanceof org.apache.spark.sql.AnalysisException) {
          throw FeedlakeException.usage("Cannot create view " + db + "." + name + " from " + f + ": "
              + e.getMessage().lines().findFirst().orElse(""));
        }
        throw e;
      }
      applied.add(db + "." + name);
    }
    return applied;
  }

  /** {@code views apply}. */
  @Command(name = "apply", mixinStandardHelpOptions = true, description = "Create or replace every view of jobs/views.")
  static final class Apply extends FeedlakeCommand {
    @Override
    void execute(RunSummary summary) {
      Settings settings = config().settings();
      List<String> applied = apply(spark(settings, "views apply"), settings);
      applied.forEach(v -> say("view " + v + " applied"));
      summary.put("views", applied);
    }
  }
}
