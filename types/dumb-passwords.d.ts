declare module "dumb-passwords" {
  const api: {
    check(password: string): boolean;
    rateOfUsage(password: string): { frequency: number };
  };
  export default api;
}
