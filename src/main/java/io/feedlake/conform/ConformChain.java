package io.feedlake.conform;

import io.feedlake.config.Rules;
import io.feedlake.config.Rules.ArrayMode;
import java.util.ArrayList;
import java.util.List;

/** Builds a job's conform steps from its {@link Rules} and applies them in order. */
public final class ConformChain {
  private final List<ConformStep> steps;

  /** @param steps the steps, in order */
  public ConformChain(List<ConformStep> steps) {
    this.steps = List.copyOf(steps);
  }

  /** The chain configured by {@code conform.steps}. */
  public static ConformChain of(Rules rules) {
    List<ConformStep> steps = new ArrayList<>();
    for (Rules.Step s : rules.steps()) {
      if (s instanceof Rules.Sanitize x) {
        steps.add(new Sanitize(x.replacement(), x.maxBytes(), x.controlCharacters()));
      } else if (s instanceof Rules.Cast x) {
        steps.add(new Cast(x.columns()));
      } else if (s instanceof Rules.Rename x) {
        steps.add(new Rename(x.columns()));
      } else if (s instanceof Rules.Derive x) {
        steps.add(new Derive(x.columns()));
      } else if (s instanceof Rules.Filter x) {
        steps.add(new Filter(x.keep()));
      } else if (s instanceof Rules.Arrays x && x.mode() == ArrayMode.JSON) {
        steps.add(new ArraysToJson());
      }
    }
    return new ConformChain(steps);
  }

  /** Applies every step in order. Lazy: builds a plan, reads nothing. */
  public Conformed apply(Conformed in) {
    Conformed out = in;
    for (ConformStep step : steps) {
      out = step.apply(out);
    }
    return out;
  }
}
