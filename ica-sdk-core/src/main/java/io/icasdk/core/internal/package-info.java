/** Implementation of the ICA client; not part of the public API and may change at any time. */
package io.icasdk.core.internal;
