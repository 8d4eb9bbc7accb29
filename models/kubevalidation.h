#pragma once

#include <QString>

namespace model {

/// True when Kubernetes accepts `text` as a resource quantity, exactly as
/// k8s.io/apimachinery's resource.ParseQuantity does: an optional sign, digits with an optional
/// '.' and fraction, then one of the suffixes n u m k M G T P E, Ki Mi Gi Ti Pi Ei, or an exponent
/// e<int>/E<int> (so "500m", "1.5", "2Gi", "1e3", and also "1.", "." and "-1"). No spaces.
/// Whether a negative quantity makes sense is the caller's business: `negative`, when given, is set
/// to whether an accepted quantity is below zero. Pure function, any thread.
bool isKubernetesQuantity(const QString& text, bool* negative = nullptr);

/// True for an RFC 1123 DNS label as Kubernetes checks it (validation.IsDNS1123Label): 1 to 63
/// characters of a-z, 0-9 and '-', starting and ending with a letter or digit. Namespace names.
bool isDns1123Label(const QString& text);

/// True for an RFC 1035 DNS label (validation.IsDNS1035Label): like a DNS-1123 label but starting
/// with a letter. The Spark operator's webhook requires it of SparkApplication and
/// ScheduledSparkApplication names, because the driver's Service is named after them.
bool isDns1035Label(const QString& text);

/// True when a container runtime accepts `text` as an image (what github.com/distribution/reference
/// ParseNormalizedNamed accepts, which containerd and the kubelet use): [domain[:port]/]path[:tag]
/// [@digest], the path lower case, components separated by '.', '_', '__' or dashes, a tag of at
/// most 128 word characters, '.' and '-', a sha256/sha384/sha512 digest in lower-case hex; not a
/// bare 64-hex-digit identifier. A first component without '.' or ':' that is lower case (and not
/// "localhost") belongs to the path. Pure function, any thread.
bool isImageReference(const QString& text);

} // namespace model
