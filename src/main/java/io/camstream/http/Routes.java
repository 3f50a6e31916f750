package io.camstream.http;

import io.vertx.ext.web.Router;

/** A feature's door: mounts that feature's routes; the web shell lists them in order. */
public interface Routes {
  void mount(Router router);
}
