// Validates deploy/k8s/*.yaml offline: every document must be a well-formed Kubernetes object of a
// known kind (checked against the kubernetes-models schemas), and the Kms StatefulSet must carry what
// the node needs. Prints one line per object; exits 1 on the first class of failure.
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { Secret, Service } from "kubernetes-models/v1";
import { StatefulSet } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";

const kinds = { "v1/Secret": Secret, "v1/Service": Service, "apps/v1/StatefulSet": StatefulSet, "policy/v1/PodDisruptionBudget": PodDisruptionBudget };
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
}

if (failures.length) { for (const f of failures) console.error(`FAIL ${f}`); process.exit(1); }
console.log(`${objects.length} objects valid`);
