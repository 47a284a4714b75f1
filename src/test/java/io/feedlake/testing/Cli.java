package io.feedlake.testing;

import io.feedlake.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the feedlake command line in-process, capturing stdout and stderr. */
public final class Cli {
  private Cli() {}

  /**
   * @param exit exit code
   * @param out what the command printed on stdout
   * @param err what it printed on stderr
   */
  public record Result(int exit, String out, String err) {}

  /** Runs one command line. */
  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }
}
