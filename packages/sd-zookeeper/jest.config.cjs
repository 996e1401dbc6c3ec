module.exports = { ...require("../../jest.config.base.cjs"), displayName: "sd-zookeeper" };
