package io.camstream.media;

import java.time.LocalDate;

/** The old server's item date: free text such as 2024-05-01, today when not given. */
public final class MediaDates {
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
}
