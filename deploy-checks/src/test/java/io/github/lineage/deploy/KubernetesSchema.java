package io.github.lineage.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Offline validation of one rendered manifest against the Kubernetes API types of fabric8's model:
 * the document must map to a known kind, and nothing may land in a model object's additional
 * properties (where fabric8 keeps unknown fields and values of the wrong type).
 */
final class KubernetesSchema {

  /** A document and what is wrong with it (empty when valid). */
  record Validation(HasMetadata resource, List<String> violations) {}

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  /**
   * {@code allowedCustomKinds}: kinds (e.g. KEDA's ScaledObject) that are checked structurally
   * elsewhere.
   */
  Validation validate(String json, Set<String> allowedCustomKinds) {
    List<String> violations = new ArrayList<>();
    Object parsed;
    try {
      parsed = serialization.unmarshal(json);
    } catch (RuntimeException e) {
      return new Validation(null, List.of("does not map to a Kubernetes type: " + e.getMessage()));
    }
    if (!(parsed instanceof HasMetadata resource)) {
      return new Validation(null, List.of("not a Kubernetes resource: " + parsed));
    }
    String id =
        resource.getKind()
            + "/"
            + (resource.getMetadata() == null ? "?" : resource.getMetadata().getName());
    if (resource instanceof GenericKubernetesResource) {
      if (!allowedCustomKinds.contains(resource.getKind())) {
        violations.add(
            id + ": unknown kind " + resource.getApiVersion() + " " + resource.getKind());
      }
      return new Validation(resource, violations);
    }
    walk(resource, id, violations, Collections.newSetFromMap(new IdentityHashMap<>()));
    return new Validation(resource, violations);
  }

  private static void walk(Object node, String path, List<String> violations, Set<Object> seen) {
    if (node == null
        || node instanceof String
        || node instanceof Number
        || node instanceof Boolean
        || node instanceof Enum<?>) {
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, violations, seen));
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", violations, seen);
      }
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.") || !seen.add(node)) {
      return;
    }
    for (Method method : node.getClass().getMethods()) {
      if (method.getParameterCount() != 0
          || Modifier.isStatic(method.getModifiers())
          || method.getDeclaringClass() == Object.class) {
        continue;
      }
      String name = method.getName();
      if (name.equals("getAdditionalProperties")) {
        Object extra = invoke(method, node, path, violations);
        if (extra instanceof Map<?, ?> map && !map.isEmpty()) {
          violations.add(path + ": unknown field or value of the wrong type: " + map.keySet());
        }
      } else if (name.startsWith("get")
          && name.length() > 3
          && !method.getReturnType().isPrimitive()) {
        walk(
            invoke(method, node, path, violations),
            path + "." + Character.toLowerCase(name.charAt(3)) + name.substring(4),
            violations,
            seen);
      }
    }
  }

  private static Object invoke(Method method, Object target, String path, List<String> violations) {
    try {
      return method.invoke(target);
    } catch (InvocationTargetException e) {
      violations.add(path + "." + method.getName() + "(): " + e.getCause());
      return null;
    } catch (IllegalAccessException e) {
      return null;
    }
  }
}
