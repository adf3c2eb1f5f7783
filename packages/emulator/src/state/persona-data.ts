/** Realistic values the persona facts are drawn from (made up, not real people). */

export interface Region {
  /** getUserProfile's short names ("广东", "深圳"). */
  readonly province: string;
  readonly city: string;
  /** chooseAddress's full names ("广东省", "深圳市"). */
  readonly provinceName: string;
  readonly cityName: string;
  readonly counties: readonly string[];
  readonly streets: readonly string[];
  /** City centre, WGS-84 [latitude, longitude]. */
  readonly wgs84: readonly [number, number];
  /**
   * Approximate GCJ-02 minus WGS-84 near that centre. A fixed offset per city, not the GCJ-02
   * transform: close enough for code that only has to tell the two systems apart.
   */
  readonly gcj02Offset: readonly [number, number];
}

export const REGIONS: readonly Region[] = [
  {
    province: "北京",
    city: "北京",
    provinceName: "北京市",
    cityName: "北京市",
    counties: ["朝阳区", "海淀区", "东城区"],
    streets: ["建国路", "中关村大街", "东直门内大街"],
    wgs84: [39.9042, 116.4074],
    gcj02Offset: [0.00128, 0.00609],
  },
  {
    province: "上海",
    city: "上海",
    provinceName: "上海市",
    cityName: "上海市",
    counties: ["浦东新区", "徐汇区", "静安区"],
    streets: ["世纪大道", "漕溪北路", "南京西路"],
    wgs84: [31.2304, 121.4737],
    gcj02Offset: [-0.00203, 0.00455],
  },
  {
    province: "广东",
    city: "深圳",
    provinceName: "广东省",
    cityName: "深圳市",
    counties: ["南山区", "福田区", "宝安区"],
    streets: ["科技园路", "深南大道", "新安六路"],
    wgs84: [22.5431, 114.0579],
    gcj02Offset: [-0.00288, 0.00503],
  },
  {
    province: "广东",
    city: "广州",
    provinceName: "广东省",
    cityName: "广州市",
    counties: ["天河区", "越秀区", "海珠区"],
    streets: ["天河路", "中山五路", "新港中路"],
    wgs84: [23.1291, 113.2644],
    gcj02Offset: [-0.00268, 0.00541],
  },
  {
    province: "浙江",
    city: "杭州",
    provinceName: "浙江省",
    cityName: "杭州市",
    counties: ["西湖区", "滨江区", "上城区"],
    streets: ["文三路", "江南大道", "延安路"],
    wgs84: [30.2741, 120.1551],
    gcj02Offset: [-0.00199, 0.00469],
  },
  {
    province: "四川",
    city: "成都",
    provinceName: "四川省",
    cityName: "成都市",
    counties: ["武侯区", "锦江区", "高新区"],
    streets: ["人民南路", "春熙路", "天府大道"],
    wgs84: [30.5728, 104.0668],
    gcj02Offset: [-0.00243, 0.00251],
  },
];

export const NICKNAMES: readonly string[] = [
  "小鹿乱撞",
  "橘子汽水",
  "山海不见",
  "晚风轻拂",
  "星河滚烫",
  "柠檬不萌",
  "云端漫步",
  "一只小熊猫",
  "今天也要加油",
  "向日葵的微笑",
  "追风少年",
  "慢慢来",
];

export const FAMILY_NAMES: readonly string[] = ["张", "王", "李", "刘", "陈", "杨", "赵", "黄"];
export const GIVEN_NAMES: readonly string[] = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "磊",
  "洋",
  "婷",
  "浩然",
];

export interface PhoneModel {
  readonly brand: string;
  readonly model: string;
  readonly system: string;
  readonly platform: "ios" | "android";
  readonly screenWidth: number;
  readonly screenHeight: number;
  readonly pixelRatio: number;
  readonly statusBarHeight: number;
  /** Height of the home indicator / gesture bar under the safe area. */
  readonly bottomInset: number;
}

export const PHONE_MODELS: readonly PhoneModel[] = [
  {
    brand: "Apple",
    model: "iPhone 13",
    system: "iOS 17.5.1",
    platform: "ios",
    screenWidth: 390,
    screenHeight: 844,
    pixelRatio: 3,
    statusBarHeight: 47,
    bottomInset: 34,
  },
  {
    brand: "Apple",
    model: "iPhone 15 Pro",
    system: "iOS 18.1",
    platform: "ios",
    screenWidth: 393,
    screenHeight: 852,
    pixelRatio: 3,
    statusBarHeight: 54,
    bottomInset: 34,
  },
  {
    brand: "HUAWEI",
    model: "ALN-AL00",
    system: "Android 12",
    platform: "android",
    screenWidth: 412,
    screenHeight: 892,
    pixelRatio: 3,
    statusBarHeight: 36,
    bottomInset: 0,
  },
  {
    brand: "Xiaomi",
    model: "23127PN0CC",
    system: "Android 14",
    platform: "android",
    screenWidth: 393,
    screenHeight: 873,
    pixelRatio: 3,
    statusBarHeight: 36,
    bottomInset: 0,
  },
  {
    brand: "OPPO",
    model: "PHZ110",
    system: "Android 14",
    platform: "android",
    screenWidth: 412,
    screenHeight: 915,
    pixelRatio: 3,
    statusBarHeight: 39,
    bottomInset: 0,
  },
];
