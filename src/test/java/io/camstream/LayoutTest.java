package io.camstream;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.camstream.auth.Identity;
import io.camstream.auth.Role;
import io.camstream.auth.Security;
import io.camstream.capture.CameraConfig;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameCodec;
import io.camstream.media.BadFileNameException;
import io.camstream.media.FileNames;
import io.camstream.media.MediaConfig;
import io.camstream.media.MediaDates;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import rules of DESIGN.md ("Layout"): web -> features -> {http, bus, format, config,
 * metrics}; features never import each other except the value types below; format, bus and
 * config import nothing of camstream.
 */
class LayoutTest {
  private static final String[] FEATURES = {"..camstream.capture..", "..camstream.stream..",
      "..camstream.recording..", "..camstream.media..", "..camstream.light..", "..camstream.auth..",
      "..camstream.bridge.."};
  /**
   * What one feature may use of another: the frame everyone receives, the media library's
   * file-name rules that the recorder applies to its own files, and who is asking (the
   * bridges guard with the same identities and roles as the web doors).
   */
  private static final Class<?>[] SHARED_VALUE_TYPES = {Frame.class, FrameCodec.class, FileNames.class,
      BadFileNameException.class, MediaDates.class, Security.class, Identity.class, Role.class};
  /**
   * The recorder still reads two other sections of the configuration (media.dir, camera.fps);
   * the split of RecordingVerticle (issue 12, item 5) is to take them in through its own config.
   */
  private static final Class<?>[] RECORDER_READS_CONFIG_OF = {MediaConfig.class, CameraConfig.class};

  private static JavaClasses main;

  @BeforeAll
  static void importMainCode() throws Exception {
    // only the folder of the main classes: scanning every jar on the class path for the
    // package took most of a minute on 2 cores
    Path classes = Path.of(Frame.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPath(classes);
    // a wrong folder would make every rule pass on nothing
    assertThat(main.containPackage("io.camstream.capture")).isTrue();
  }

  @Test
  void formatBusAndConfigImportNothingOfCamstream() {
    for (String alone : new String[] {"io.camstream.format", "io.camstream.bus", "io.camstream.config"}) {
      noClasses().that().resideInAPackage(alone)
          .should().dependOnClassesThat(resideInAnyPackage("io.camstream..").and(not(resideInAPackage(alone))))
          .check(main);
    }
    noClasses().that().resideInAPackage("..camstream.format..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..")
        .because("format/ is plain Java with unit tests")
        .check(main);
  }

  @Test
  void featuresUseEachOtherOnlyThroughSharedValueTypes() {
    slices().matching("io.camstream.(capture|stream|recording|media|light|auth|bridge)..")
        .should().notDependOnEachOther()
        .ignoreDependency(resideInAnyPackage(FEATURES), belongToAnyOf(SHARED_VALUE_TYPES))
        .ignoreDependency(resideInAnyPackage("..camstream.recording.."), belongToAnyOf(RECORDER_READS_CONFIG_OF))
        .check(main);
  }

  /** A server with clustering off never loads a cluster manager class: they stay behind cluster/. */
  @Test
  void onlyTheClusterPackageTouchesTheClusterManager() {
    noClasses().that().resideOutsideOfPackage("..camstream.cluster..")
        .should().dependOnClassesThat().resideInAnyPackage("org.infinispan..", "org.jgroups..", "io.vertx.ext.cluster..")
        .check(main);
    noClasses().that().resideInAPackage("..camstream.cluster..")
        .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
        .orShould().dependOnClassesThat().resideInAnyPackage("..camstream.web..", "..camstream.http..")
        .check(main);
    noClasses().that().resideInAnyPackage(FEATURES)
        .should().dependOnClassesThat().resideInAPackage("..camstream.cluster..")
        .check(main);
  }

  @Test
  void featuresAndTheToolkitNeverReachUp() {
    noClasses().that().resideInAnyPackage(FEATURES)
        .or().resideInAnyPackage("..camstream.http..", "..camstream.metrics..")
        .should().dependOnClassesThat().resideInAnyPackage("..camstream.web..")
        .orShould().dependOnClassesThat().resideInAPackage("io.camstream")
        .check(main);
    noClasses().that().resideInAnyPackage("..camstream.http..", "..camstream.metrics..")
        .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
        .check(main);
  }
}
