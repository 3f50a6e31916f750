package io.camstream.media;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The old server's item date: free text, stored and shown exactly as given (today as
 * 2024-05-01 when not given). It is read as a point in time only where it clearly is one.
 */
public final class MediaDates {
  /** Year first, month and day with or without zero padding (the old page sends 2026-1-5), an optional time. */
  private static final Pattern YEAR_FIRST = Pattern.compile(
      "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?");

  private MediaDates() {
  }

  public static String orToday(String given) {
    if (given == null || given.isBlank()) {
      return LocalDate.now().toString();
    }
    String date = given.strip();
    if (date.length() > 64 || date.chars().anyMatch(Character::isISOControl)) {
      throw new BadFileNameException("date must be short text such as 2024-05-01");
    }
    return date;
  }

  /**
   * The moment a stored date names, in local time; empty for anything else (empty, NULL,
   * 11/29/2026, whose day and month order is the client's guess).
   */
  public static Optional<LocalDateTime> parse(String stored) {
    if (stored == null) {
      return Optional.empty();
    }
    Matcher m = YEAR_FIRST.matcher(stored.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      LocalDateTime day = LocalDate.of(num(m, 1), num(m, 2), num(m, 3)).atStartOfDay();
      if (m.group(4) == null) {
        return Optional.of(day);
      }
      String fraction = m.group(7) == null ? "0" : (m.group(7) + "00000000").substring(0, 9);
      return Optional.of(day.withHour(num(m, 4)).withMinute(num(m, 5)).withSecond(m.group(6) == null ? 0 : num(m, 6))
          .withNano(Integer.parseInt(fraction)));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static int num(Matcher m, int group) {
    return Integer.parseInt(m.group(group));
  }
}
