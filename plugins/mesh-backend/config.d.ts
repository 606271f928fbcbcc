export interface Config {
  /** Configuration of the Meshwise mesh plugins. */
  mesh?: {
    /**
     * Certificates expiring within this many days, or past their renewal
     * time, are reported (finding MW303). Default 30.
     * @visibility frontend
     */
    certificateExpiryWindowDays?: number;
    /**
     * Istio's root namespace, where mesh-wide policies live. Default `istio-system`.
     * @visibility frontend
     */
    rootNamespace?: string;
  };
}
