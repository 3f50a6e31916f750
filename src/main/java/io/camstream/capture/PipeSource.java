package io.camstream.capture;

import java.util.List;

/** Any command that writes M-JPEG to its stdout (ffmpeg, GStreamer), run through {@code sh -c}. */
public final class PipeSource extends ProcessSource {
  private final String commandLine;

  public PipeSource(String commandLine, long stallMillis) {
    super(stallMillis);
    this.commandLine = commandLine;
  }

  @Override
  protected List<String> command() {
    return List.of("sh", "-c", commandLine);
  }

  @Override
  public String description() {
    return "pipe from `" + (commandLine.length() > 80 ? commandLine.substring(0, 77) + "..." : commandLine) + "`";
  }
}
