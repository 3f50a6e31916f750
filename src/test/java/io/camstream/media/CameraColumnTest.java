package io.camstream.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.camstream.testing.Await;
import io.camstream.testing.OldServerLibrary;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The camera column: every row of an old server's media.db kept, as the camera "default"; filters by camera. */
@ExtendWith(VertxExtension.class)
class CameraColumnTest {
  @TempDir
  Path dir;

  @Test
  void anOldServersRowsAreKeptAsTheCameraDefaultAndNewRowsCarryTheirCamera(Vertx vertx) {
    Path db = dir.resolve("media.db");
    OldServerLibrary.create(db, OldServerLibrary.SCHEMA, List.of(new OldServerLibrary.Row("2024-05-01", "a.jpg"),
        new OldServerLibrary.Row("2026-1-5", "b.avi"), new OldServerLibrary.Row(null, "c.jpg")));
    MediaLibrary library = Await.result(MediaLibrary.open(vertx, db));
    try {
      assertThat(Await.result(library.all())).extracting(MediaItem::fileName, MediaItem::camera)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("a.jpg", "default"),
              org.assertj.core.groups.Tuple.tuple("b.avi", "default"), org.assertj.core.groups.Tuple.tuple("c.jpg", "default"));
      Await.result(library.add(new MediaItem(0, "2026-11-29", "yard.jpg", "picture", 10L, 1, 1, null, null, "now", "yard")));
      assertThat(Await.result(library.page(0, 10, "yard"))).extracting(MediaItem::fileName).containsExactly("yard.jpg");
      assertThat(Await.result(library.count("default"))).isEqualTo(3);
      assertThat(Await.result(library.count())).isEqualTo(4);
    } finally {
      Await.result(library.close());
    }
    assertThat(OldServerLibrary.sqlite(db, "PRAGMA user_version;")).contains(String.valueOf(Migrations.latest()));
    // the old server still reads its rows, in their order, beside the new one
    assertThat(OldServerLibrary.oldQuery(db).size()).isEqualTo(4);
    assertThat(OldServerLibrary.oldQuery(db).getJsonObject(0).getString("fileName")).isEqualTo("a.jpg");

    // the old server's "new database" re-creates its table without camstream's columns; they come back
    OldServerLibrary.create(db, OldServerLibrary.SCHEMA, List.of(new OldServerLibrary.Row("2024-05-02", "d.jpg")));
    MediaLibrary again = Await.result(MediaLibrary.open(vertx, db));
    try {
      assertThat(Await.result(again.all())).extracting(MediaItem::camera).containsExactly("default");
    } finally {
      Await.result(again.close());
    }
  }
}
