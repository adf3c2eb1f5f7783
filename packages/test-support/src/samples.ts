// What tt.getSystemInfo and tt.getLocation answer, as the API's routes take them: shared by the
// API's tests and the benchmark's seed. No test-runner imports here (the benchmark runs plain).

export const sampleDeviceReport = {
  brand: "Apple",
  model: "iPhone 13",
  system: "iOS 17",
  platform: "ios",
  appName: "Douyin",
  version: "30.5.0",
  SDKVersion: "3.36.0",
};

export const sampleLocationReport = {
  latitude: 23.1291,
  longitude: 113.2644,
  coordType: "gcj02",
  city: "广州市",
};
