module.exports = { ...require("../../jest.config.base.cjs"), displayName: "transport-grpc" };
