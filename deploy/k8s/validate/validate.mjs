// Validates deploy/k8s/*.yaml offline: every document must be a well-formed Kubernetes object of a
// known kind (checked against the kubernetes-models schemas), and the Kms StatefulSet must carry what
// the node needs. Prints one line per object; exits 1 on the first class of failure.
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { ConfigMap, Secret, Service } from "kubernetes-models/v1";
import { StatefulSet } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";

const kinds = { "v1/ConfigMap": ConfigMap, "v1/Secret": Secret, "v1/Service": Service, "apps/v1/StatefulSet": StatefulSet,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget, "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy };
const directory = join(dirname(fileURLToPath(import.meta.url)), "..");
const failures = [];
const objects = [];

for (const file of readdirSync(directory).filter((f) => f.endsWith(".yaml")).sort()) {
  for (const document of parseAllDocuments(readFileSync(join(directory, file), "utf8"))) {
    if (document.errors.length) { failures.push(`${file}: ${document.errors[0].message}`); continue; }
    const json = document.toJS();
    if (!json) continue;
    const model = kinds[`${json.apiVersion}/${json.kind}`];
    if (!model) { failures.push(`${file}: unexpected kind ${json.apiVersion}/${json.kind}`); continue; }
    try {
      new model(json).validate();
      objects.push(json);
      console.log(`ok ${file}: ${json.kind}/${json.metadata.name}`);
    } catch (e) {
      failures.push(`${file}: ${json.kind}/${json.metadata?.name}: ${e.message}`);
    }
  }
}

const kms = objects.find((o) => o.kind === "StatefulSet" && o.metadata.name === "kms");
const need = (condition, what) => { if (!condition) failures.push(`kms StatefulSet: ${what}`); };
need(kms, "missing");
if (kms) {
  const pod = kms.spec.template.spec;
  const container = pod.containers.find((c) => c.name === "kms");
  const env = new Set(container.env.map((e) => e.name));
  for (const name of ["GOKMS_AUTH_KEY", "GOKMS_SSL_CERT", "GOKMS_SSL_KEY", "GOKMS_KSMC_PASSPHRASE", "Kms__Persistence__Provider",
    "Kms__Persistence__ConnectionString", "Kms__Cluster__Port", "Kms__Cluster__PublicHostname", "Kms__Cluster__SeedNodes__0",
    "Kms__Cluster__Tls__CertificatePath", "Kms__Cluster__Tls__CertificatePassword"]) need(env.has(name), `env ${name}`);
  need(kms.spec.replicas === 3, "3 replicas");
  need(container.readinessProbe?.httpGet?.path === "/healthz/ready", "readiness probe on /healthz/ready");
  need(container.livenessProbe?.httpGet?.path === "/healthz/live", "liveness probe on /healthz/live");
  need(pod.securityContext?.runAsNonRoot === true, "non-root security context");
  need(container.resources?.requests?.cpu && container.resources?.requests?.memory, "resource requests");
  need(container.env.filter((e) => /PASSPHRASE|PASSWORD/.test(e.name)).every((e) => e.valueFrom?.secretKeyRef), "secrets from Secret objects");
  need(objects.some((o) => o.kind === "Service" && o.spec.clusterIP === "None" && o.metadata.name === kms.spec.serviceName), "headless service for remoting");
  need(objects.some((o) => o.kind === "PodDisruptionBudget"), "a PodDisruptionBudget");
  const connection = container.env.find((e) => e.name === "Kms__Persistence__ConnectionString")?.value ?? "";
  const ca = /Root Certificate=([^;]+)/.exec(connection)?.[1];
  need(/SSL Mode=VerifyFull/.test(connection), "PostgreSQL over TLS with SSL Mode=VerifyFull");
  need(ca && container.volumeMounts.some((m) => ca.startsWith(m.mountPath + "/")), "the PostgreSQL CA (Root Certificate) mounted");
}

// Only Kms pods may reach remoting (4053) and PostgreSQL (5432).
const onlyKmsMayReach = (selected, port) => {
  const policies = objects.filter((o) => o.kind === "NetworkPolicy" && o.spec.podSelector?.matchLabels?.["app.kubernetes.io/name"] === selected);
  const rules = policies.flatMap((p) => p.spec.ingress ?? []).filter((r) => !r.ports || r.ports.some((q) => q.port === port));
  return policies.length > 0 && rules.length > 0 && rules.every((r) => r.from?.length > 0
    && r.from.every((f) => f.podSelector?.matchLabels?.["app.kubernetes.io/name"] === "kms" && !f.namespaceSelector && !f.ipBlock));
};
if (!onlyKmsMayReach("kms", 4053)) failures.push("NetworkPolicy: none lets only Kms pods reach remoting (4053)");
if (!onlyKmsMayReach("kms-postgres", 5432)) failures.push("NetworkPolicy: none lets only Kms pods reach PostgreSQL (5432)");

if (failures.length) { for (const f of failures) console.error(`FAIL ${f}`); process.exit(1); }
console.log(`${objects.length} objects valid`);
